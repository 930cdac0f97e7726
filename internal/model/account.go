package model

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/iograph/iograph/internal/apperr"
)

// Account is any presence on a platform: a Twitter account, a Facebook page
// or group, a YouTube channel, a website. ID is the node key
// ("twitter:123"), stable across loads; NativeID is the platform's own id.
type Account struct {
	ID          string
	Platform    Platform
	Kind        AssetKind
	NativeID    *string
	Handle      *string
	Name        *string
	Description *string
	Location    *string
	ProfileURL  *string
	Followers   *int
	Following   *int
	CreatedAt   *Date
	Hashed      bool
	Verified    *bool
	Language    *string
}

// MarshalGQL writes the platform as its GraphQL enum value (TWITTER).
func (p Platform) MarshalGQL(w io.Writer) {
	io.WriteString(w, strconv.Quote(strings.ToUpper(string(p))))
}

// UnmarshalGQL reads a GraphQL enum value.
func (p *Platform) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("platform must be an enum value, got %T", v)
	}
	switch x := Platform(strings.ToLower(s)); x {
	case PlatformTwitter, PlatformFacebook, PlatformInstagram, PlatformYouTube, PlatformTikTok,
		PlatformTelegram, PlatformVK, PlatformWeb, PlatformOther:
		*p = x
		return nil
	}
	return apperr.New(apperr.BadInput, "%q is not a Platform", s)
}

// MarshalGQL writes the kind as its GraphQL enum value (PAGE).
func (k AssetKind) MarshalGQL(w io.Writer) {
	io.WriteString(w, strconv.Quote(strings.ToUpper(string(k))))
}

// UnmarshalGQL reads a GraphQL enum value.
func (k *AssetKind) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("asset kind must be an enum value, got %T", v)
	}
	switch x := AssetKind(strings.ToLower(s)); x {
	case KindAccount, KindPage, KindGroup, KindChannel, KindWebsite:
		*k = x
		return nil
	}
	return fmt.Errorf("%q is not an AssetKind", s)
}

// Date is a calendar day (YYYY-MM-DD), as releases give account creation.
type Date string

// MarshalGQL writes the date as a string.
func (d Date) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(d))) }

// UnmarshalGQL accepts only YYYY-MM-DD.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("Date must be a string like 2019-08-19")
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return apperr.New(apperr.BadInput, "%q is not a date like 2019-08-19", s)
	}
	*d = Date(s)
	return nil
}

// PageInfo is the Relay page information.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

// AccountConnection is a page of accounts.
type AccountConnection struct {
	Edges      []AccountEdge
	PageInfo   PageInfo
	TotalCount int
}

// AccountEdge is one account of a page, with its search relevance.
type AccountEdge struct {
	Cursor string
	Node   Account
	Score  *float64
}

// MarshalDateTime writes an instant as RFC 3339 in UTC with milliseconds:
// tweet times derived from ids are millisecond-precise.
func MarshalDateTime(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		// The layout's output needs no escaping: quotes around it make the
		// JSON string (a network's edge table writes 40,000 of these).
		var b [40]byte
		out := append(b[:0], '"')
		out = t.UTC().AppendFormat(out, "2006-01-02T15:04:05.000Z07:00")
		w.Write(append(out, '"'))
	})
}

// UnmarshalDateTime reads RFC 3339; anything else is the client's mistake,
// reported as BAD_INPUT with the value.
func UnmarshalDateTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, apperr.New(apperr.BadInput, "DateTime must be an RFC 3339 string like 2019-08-01T10:00:00Z")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, apperr.New(apperr.BadInput, "%q is not an RFC 3339 time like 2019-08-01T10:00:00Z", s)
	}
	return t.UTC(), nil
}
