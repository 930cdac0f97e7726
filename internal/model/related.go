package model

import (
	"fmt"
	"io"
	"strconv"
)

// LinkVia says how an asset is known to be related to another.
type LinkVia string

const (
	ViaSameHandle              LinkVia = "SAME_HANDLE"
	ViaSameOperation           LinkVia = "SAME_OPERATION"
	ViaSameHandleThenOperation LinkVia = "SAME_HANDLE_THEN_OPERATION"
	ViaSharedURL               LinkVia = "SHARED_URL"
	// ViaContestedAlias: a record known only by a handle the account held,
	// which other accounts held too.
	ViaContestedAlias LinkVia = "CONTESTED_ALIAS"
)

// MarshalGQL writes the enum value.
func (v LinkVia) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(v))) }

// UnmarshalGQL reads an enum value.
func (v *LinkVia) UnmarshalGQL(x any) error {
	s, _ := x.(string)
	switch LinkVia(s) {
	case ViaSameHandle, ViaSameOperation, ViaSameHandleThenOperation, ViaSharedURL, ViaContestedAlias:
		*v = LinkVia(s)
		return nil
	}
	return fmt.Errorf("%q is not a LinkVia", s)
}

// Operation is an influence operation as a platform disclosed it or an
// analyst named it.
type Operation struct {
	ID     string
	Name   *string
	Source *string
	Period *string
}

// AssetLink is a related asset and the evidence for the relation: Via,
// Evidence, Source, Confidence and Operation are the strongest piece, the
// first of AllEvidence.
type AssetLink struct {
	Asset       Account
	Via         LinkVia
	Evidence    string
	Source      string
	Confidence  string
	Operation   *Operation
	AllEvidence []AssetEvidence
}

// AssetEvidence is one piece of evidence that two assets are related.
type AssetEvidence struct {
	Via        LinkVia
	Evidence   string
	Source     string
	Confidence string
	Operation  *Operation
	// Alias is the record of the account the evidence is about when it is
	// not the account itself but a handle-only record resolved to it.
	Alias *string
	// AssetAlias is, likewise, the related asset's record the evidence is
	// about.
	AssetAlias *string
}
