package model

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// EngagementKind is how one account engaged another's post.
type EngagementKind string

const (
	EngagementRetweet EngagementKind = "RETWEET"
	EngagementReply   EngagementKind = "REPLY"
	EngagementQuote   EngagementKind = "QUOTE"
	EngagementMention EngagementKind = "MENTION"
)

// AllEngagementKinds in the order the API lists them.
var AllEngagementKinds = []EngagementKind{EngagementRetweet, EngagementReply, EngagementQuote, EngagementMention}

// MarshalGQL writes the enum value.
func (k EngagementKind) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads an enum value.
func (k *EngagementKind) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	for _, x := range AllEngagementKinds {
		if string(x) == s {
			*k = x
			return nil
		}
	}
	return fmt.Errorf("%q is not an EngagementKind", s)
}

// AmplifierOrderField is what amplifiers are ranked by.
type AmplifierOrderField string

const (
	OrderTotal      AmplifierOrderField = "TOTAL"
	OrderRetweets   AmplifierOrderField = "RETWEETS"
	OrderReplies    AmplifierOrderField = "REPLIES"
	OrderQuotes     AmplifierOrderField = "QUOTES"
	OrderMentions   AmplifierOrderField = "MENTIONS"
	OrderFirstAt    AmplifierOrderField = "FIRST_AT"
	OrderLastAt     AmplifierOrderField = "LAST_AT"
	OrderMinLatency AmplifierOrderField = "MIN_LATENCY"
)

var amplifierOrderFields = []AmplifierOrderField{OrderTotal, OrderRetweets, OrderReplies, OrderQuotes, OrderMentions, OrderFirstAt, OrderLastAt, OrderMinLatency}

// MarshalGQL writes the enum value.
func (f AmplifierOrderField) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(f))) }

// UnmarshalGQL reads an enum value.
func (f *AmplifierOrderField) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	for _, x := range amplifierOrderFields {
		if string(x) == s {
			*f = x
			return nil
		}
	}
	return fmt.Errorf("%q is not an AmplifierOrderField", s)
}

// OrderDirection of a sort.
type OrderDirection string

const (
	Asc  OrderDirection = "ASC"
	Desc OrderDirection = "DESC"
)

// MarshalGQL writes the enum value.
func (d OrderDirection) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(d))) }

// UnmarshalGQL reads an enum value.
func (d *OrderDirection) UnmarshalGQL(v any) error {
	switch s, _ := v.(string); OrderDirection(s) {
	case Asc, Desc:
		*d = OrderDirection(s)
		return nil
	}
	return fmt.Errorf("%v is not ASC or DESC", v)
}

// AmplifierOrder ranks amplifiers.
type AmplifierOrder struct {
	Field     AmplifierOrderField
	Direction OrderDirection
}

// Amplifier is one account's engagement with a seed, aggregated.
type Amplifier struct {
	Account              Account
	Retweets             int
	Replies              int
	Quotes               int
	Mentions             int
	Total                int
	FirstAt              *time.Time
	LastAt               *time.Time
	MinLatencySeconds    *float64
	MedianLatencySeconds *float64
}

// AmplifierConnection is a page of amplifiers.
type AmplifierConnection struct {
	Edges      []AmplifierEdge
	PageInfo   PageInfo
	TotalCount int
}

// AmplifierEdge is one amplifier of a page.
type AmplifierEdge struct {
	Cursor string
	Node   Amplifier
}
