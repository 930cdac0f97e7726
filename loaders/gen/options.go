package gen

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Version is written into SYNTHETIC.md. Bump it whenever the same options
// would produce different bytes, so that a stored release says which
// generator made it and whether it can be regenerated exactly.
const Version = "twitter-io/1"

// ErrInvalidOptions marks option mistakes, so that a command line can report
// them as usage errors rather than failures.
var ErrInvalidOptions = errors.New("invalid options")

// Defaults for the zero values of Options.
var (
	DefaultStart    = time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)
	DefaultSpan     = 61 * 24 * time.Hour
	DefaultCampaign = "synthetic"
)

const (
	// DefaultGroupSize applies when Groups > 0 and GroupSize is zero.
	DefaultGroupSize = 10
	// CoordinationWindow bounds the spread of one planted event: every
	// participant acts within this long of the first.
	CoordinationWindow = 20 * time.Second
	// MinParticipation is how many planted events of a kind a member must
	// have taken part in to be listed for that signal in planted_groups.csv.
	MinParticipation = 2
	// minEvents is the fewest events a group gets, so that every member
	// repeats each signal even in a tiny release.
	minEvents = 9
)

// Options describe one synthetic release. The zero value of every field but
// Tweets, Accounts and OutDir has a default.
type Options struct {
	Tweets   int64 // rows in the tweets file
	Accounts int   // rows in the users file
	// Seeds is the number of core accounts that post the operation's
	// originals; 0 means Accounts/20, between 1 and 1,000.
	Seeds int
	// Groups planted coordinated groups of GroupSize amplifiers each.
	Groups    int
	GroupSize int
	OutDir    string
	Seed      uint64 // random seed; the same options give the same bytes
	// Campaign is either a bare name ("synthetic"), completed to
	// "<name>_<MMYYYY>_1" with the month the activity ends, or a full
	// release prefix such as "synthetic_hk_082019_1", used as given.
	Campaign string
	// Start and Span bound tweet_time of the originals in the release.
	// Retweets of late originals may fall a little after Start+Span.
	Start time.Time
	Span  time.Duration
}

// Summary says what TwitterIO wrote.
type Summary struct {
	Release     string // file-name prefix, e.g. synthetic_082019_1
	UsersFile   string
	TweetsFile  string
	PlantedFile string // planted_groups.csv
	ReadmeFile  string // SYNTHETIC.md

	Users       int
	SeedUsers   int
	HashedUsers int

	Tweets           int64
	Originals        int64 // neither retweet, reply nor quote
	Retweets         int64
	ExternalRetweets int64 // retweets whose original is not in the release
	Replies          int64
	Quotes           int64

	Groups         int
	PlantedMembers int // distinct accounts in planted groups
	PlantedRows    int // rows of planted_groups.csv
	TweetsBytes    int64
}

var (
	fullRelease = regexp.MustCompile(`^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*_[0-9]{6}_[0-9]+$`)
	bareName    = regexp.MustCompile(`^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*$`)
	minStart    = time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC)
	maxEnd      = time.Date(2070, 1, 1, 0, 0, 0, 0, time.UTC)
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidOptions, fmt.Sprintf(format, args...))
}

// withDefaults fills zero fields and checks the result; the generator relies
// on every invariant checked here.
func (o Options) withDefaults() (Options, error) {
	if o.Start.IsZero() {
		o.Start = DefaultStart
	}
	o.Start = o.Start.UTC()
	if o.Span == 0 {
		o.Span = DefaultSpan
	}
	if o.Campaign == "" {
		o.Campaign = DefaultCampaign
	}
	if o.Groups > 0 && o.GroupSize == 0 {
		o.GroupSize = DefaultGroupSize
	}
	switch {
	case o.OutDir == "":
		return o, invalid("an output directory is required")
	case o.Tweets < 1:
		return o, invalid("tweets must be at least 1, got %d", o.Tweets)
	case o.Accounts < 2:
		return o, invalid("accounts must be at least 2, got %d", o.Accounts)
	case o.Seeds < 0:
		return o, invalid("seeds must not be negative, got %d", o.Seeds)
	case o.Groups < 0:
		return o, invalid("groups must not be negative, got %d", o.Groups)
	case o.Groups > 0 && o.GroupSize < 2:
		return o, invalid("group size must be at least 2 (a group of one coordinates with no one), got %d", o.GroupSize)
	case o.Span < time.Hour:
		return o, invalid("span must be at least an hour, got %s", o.Span)
	case o.Start.Before(minStart) || o.Start.Add(o.Span).After(maxEnd):
		return o, invalid("start and span must lie between %s and %s (snowflake ids), got %s + %s",
			minStart.Format("2006-01-02"), maxEnd.Format("2006-01-02"), o.Start.Format(time.RFC3339), o.Span)
	case !fullRelease.MatchString(o.Campaign) && !bareName.MatchString(o.Campaign):
		return o, invalid("campaign %q must be letters and digits joined by _ or -, optionally ending _MMYYYY_N", o.Campaign)
	}
	planted := o.Groups * o.GroupSize
	if o.Seeds == 0 {
		o.Seeds = min(max(o.Accounts/20, 1), 1000, max(o.Accounts-planted-1, 1))
	}
	if need := o.Seeds + planted + 1; o.Accounts < need {
		return o, invalid("accounts (%d) must be at least seeds (%d) + groups×group size (%d×%d) + 1 ordinary amplifier = %d",
			o.Accounts, o.Seeds, o.Groups, o.GroupSize, need)
	}
	if need := int64(2 * minEvents * planted); o.Groups > 0 && o.Tweets < need {
		return o, invalid("tweets (%d) are too few to plant %d groups of %d: need at least %d", o.Tweets, o.Groups, o.GroupSize, need)
	}
	return o, nil
}

// release is the file-name prefix. A bare campaign name gets the month the
// activity ends, as real releases are named after their publication month.
func (o Options) release() string {
	if fullRelease.MatchString(o.Campaign) {
		return o.Campaign
	}
	return o.Campaign + "_" + o.Start.Add(o.Span).Format("012006") + "_1"
}
