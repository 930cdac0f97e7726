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
)

// MarshalGQL writes the enum value.
func (v LinkVia) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(v))) }

// UnmarshalGQL reads an enum value.
func (v *LinkVia) UnmarshalGQL(x any) error {
	s, _ := x.(string)
	switch LinkVia(s) {
	case ViaSameHandle, ViaSameOperation, ViaSameHandleThenOperation, ViaSharedURL:
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

// AssetLink is a related asset and the evidence for the relation.
type AssetLink struct {
	Asset      Account
	Via        LinkVia
	Evidence   string
	Source     string
	Confidence string
	Operation  *Operation
}
