package model

import (
	"fmt"
	"github.com/iograph/iograph/internal/coord"
	"io"
	"strconv"
	"time"
)

// CoordinationSignal is what accounts are said to share when they act in
// concert: CooRTweet's "object", one kind at a time.
type CoordinationSignal string

const (
	SignalRetweet CoordinationSignal = "RETWEET"
	SignalReply   CoordinationSignal = "REPLY"
	SignalQuote   CoordinationSignal = "QUOTE"
	SignalURL     CoordinationSignal = "URL"
	SignalDomain  CoordinationSignal = "DOMAIN"
	SignalHashtag CoordinationSignal = "HASHTAG"
	SignalImage   CoordinationSignal = "IMAGE"
	SignalText    CoordinationSignal = "TEXT"
)

// AllCoordinationSignals in the order the API lists them.
var AllCoordinationSignals = []CoordinationSignal{SignalRetweet, SignalReply, SignalQuote, SignalURL, SignalDomain,
	SignalHashtag, SignalImage, SignalText}

// Valid reports whether s is one of the signals the store can extract.
func (s CoordinationSignal) Valid() bool {
	for _, x := range AllCoordinationSignals {
		if x == s {
			return true
		}
	}
	return false
}

// MarshalGQL writes the enum value.
func (s CoordinationSignal) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads an enum value.
func (s *CoordinationSignal) UnmarshalGQL(v any) error {
	x, _ := v.(string)
	if !CoordinationSignal(x).Valid() {
		return fmt.Errorf("%q is not a CoordinationSignal", x)
	}
	*s = CoordinationSignal(x)
	return nil
}

// Coordination is one coordination run as the API returns it: coord's
// network cut to what was asked for, with its groups and the same edges as
// a Network for drawing.
type Coordination struct {
	Shares, EdgeCount, Pairs             int
	WeightThreshold, FastWeightThreshold float64
	Truncated                            bool
	Edges                                []coord.Edge
	Accounts                             []coord.AccountStat
	Objects                              []coord.ObjectStat
	Components, Communities              []CoordinationGroup
	Modularity                           float64
	Network                              Network
	Parameters                           map[string]any
}

// CoordinationGroup is a connected component or a community; ID is its
// 1-based rank by size.
type CoordinationGroup struct {
	ID, Size int
	Accounts []string
}

// CoordinationMode is coord.Mode as the API spells it.
type CoordinationMode string

const (
	ModeCoorTweet CoordinationMode = "COORTWEET"
	ModeNative    CoordinationMode = "NATIVE"
)

// Coord is the mode for the detector.
func (m CoordinationMode) Coord() coord.Mode {
	if m == ModeNative {
		return coord.ModeNative
	}
	return coord.ModeCoorTweet
}

// MarshalGQL writes the enum value.
func (m CoordinationMode) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(m))) }

// UnmarshalGQL reads an enum value.
func (m *CoordinationMode) UnmarshalGQL(v any) error {
	x, _ := v.(string)
	switch CoordinationMode(x) {
	case ModeCoorTweet, ModeNative:
		*m = CoordinationMode(x)
		return nil
	}
	return fmt.Errorf("%q is not a CoordinationMode", x)
}

// CoordinationInput is the coordination query's argument; nil fields take
// the schema's defaults.
type CoordinationInput struct {
	Signal           CoordinationSignal
	Dataset          *string
	Seeds            []string
	Since, Until     *time.Time
	TimeWindow       *int
	MinParticipation *int
	RemoveLoops      *bool
	EdgeWeight       *float64
	FastWindow       *int
	Mode             *CoordinationMode
	FlaggedOnly      *bool
	Limit            *int
}

// SavedCoordination is a coordination run kept with what it was computed
// from: the input to re-run it, the data version (the dataset's files by
// sha256) to tell whether a re-run could differ, and the result as it was.
type SavedCoordination struct {
	ID      string
	Name    string
	SavedAt time.Time
	Input   map[string]any
	Version []map[string]any
	Result  *Coordination // nil in lists
}
