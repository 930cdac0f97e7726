package model

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// InvestigationStatus is where an investigation stands.
type InvestigationStatus string

const (
	StatusOpen     InvestigationStatus = "OPEN"
	StatusClosed   InvestigationStatus = "CLOSED"
	StatusArchived InvestigationStatus = "ARCHIVED"
)

// MarshalGQL writes the enum value.
func (s InvestigationStatus) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads an enum value.
func (s *InvestigationStatus) UnmarshalGQL(v any) error {
	x, _ := v.(string)
	switch InvestigationStatus(x) {
	case StatusOpen, StatusClosed, StatusArchived:
		*s = InvestigationStatus(x)
		return nil
	}
	return fmt.Errorf("%q is not an InvestigationStatus", x)
}

// Investigation is what an analyst looks into. Seeds and Pinned come with
// it (a handful of accounts); notes and queries are read when asked for.
type Investigation struct {
	ID, Title            string
	Description, Author  *string
	Status               InvestigationStatus
	Tags                 []string
	CreatedAt, UpdatedAt time.Time
	Seeds, Pinned        []Account
}

// InvestigationConnection is a page of investigations.
type InvestigationConnection struct {
	Edges      []InvestigationEdge
	PageInfo   PageInfo
	TotalCount int
}

// InvestigationEdge is one investigation in a page.
type InvestigationEdge struct {
	Cursor string
	Node   Investigation
}

// Note is an analyst's note on an investigation, a node, or both.
type Note struct {
	ID, Text             string
	Author               *string
	CreatedAt            time.Time
	About, Investigation *string
}

// SavedQuery is a named, versioned GraphQL document with default variables.
type SavedQuery struct {
	ID, Name             string
	Description          *string
	Document             string
	Variables            map[string]any
	Investigation        *string
	CreatedAt, UpdatedAt time.Time
	LastRunAt            *time.Time
	Version              int
}

// SavedQueryVersion is a replaced version of a saved query.
type SavedQueryVersion struct {
	Version    int
	Document   string
	Variables  map[string]any
	ReplacedAt time.Time
}

// SavedQueryConnection is a page of saved queries.
type SavedQueryConnection struct {
	Edges      []SavedQueryEdge
	PageInfo   PageInfo
	TotalCount int
}

// SavedQueryEdge is one saved query in a page.
type SavedQueryEdge struct {
	Cursor string
	Node   SavedQuery
}

// QueryRun is a saved query's response.
type QueryRun struct {
	Query     *SavedQuery
	Variables map[string]any
	Data      map[string]any
	Errors    []map[string]any
	RanAt     time.Time
}

// InvestigationInput opens an investigation.
type InvestigationInput struct {
	Title               string
	Description, Author *string
	Tags                []string
	Seeds               []string
}

// InvestigationPatch changes an investigation; nil keeps a value.
type InvestigationPatch struct {
	Title, Description *string
	Status             *InvestigationStatus
	Tags               []string
}

// NoteInput writes a note.
type NoteInput struct {
	Text                         string
	Author, Investigation, About *string
}

// SavedQueryInput saves a query.
type SavedQueryInput struct {
	Name          string
	Description   *string
	Document      string
	Variables     map[string]any
	Investigation *string
}

// SavedQueryPatch changes a saved query; nil keeps a value.
type SavedQueryPatch struct {
	Name, Description, Document *string
	Variables                   map[string]any
}
