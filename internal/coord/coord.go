package coord

import (
	"math"
	"time"

	"github.com/iograph/iograph/internal/apperr"
)

// Share is one input row: Account shared Object through Content at TimeMs
// (Unix milliseconds). It is CooRTweet's (object_id, account_id, content_id,
// timestamp_share) with the time in milliseconds, because Twitter snowflake ids
// carry milliseconds; CooRTweet data in seconds becomes seconds*1000.
type Share struct {
	Object, Account, Content string
	TimeMs                   int64
}

// Mode selects how edges are weighted; see the package documentation.
type Mode string

const (
	// ModeCoorTweet reproduces CooRTweet 2.1.3 exactly: weight = pair rows.
	ModeCoorTweet Mode = "coortweet"
	// ModeNative weights an edge by the distinct objects it was seen on.
	ModeNative Mode = "native"
)

// Params are CooRTweet's arguments. The zero value is not useful; start from
// DefaultParams.
type Params struct {
	// Window is detect_groups' time_window (inclusive).
	Window time.Duration
	// MinParticipation is detect_groups' min_participation (rules 1 and 4).
	MinParticipation int
	// RemoveLoops is detect_groups' remove_loops (rule 3).
	RemoveLoops bool
	// EdgeWeight is generate_coordinated_network's edge_weight: the quantile
	// (0..1) of edge weights an edge must exceed to be AboveThreshold.
	EdgeWeight float64
	// FastWindow is flag_speed_share's time_window; 0 turns it off.
	FastWindow time.Duration
	// Mode is ModeCoorTweet (default when empty) or ModeNative.
	Mode Mode
	// EdgesOnly leaves Result.Accounts and Result.Objects empty, for callers
	// that want the network alone (an edge list), which saves a large run a
	// tenth of its time.
	EdgesOnly bool
	// MaxEvidence caps Edge.Objects; 0 keeps none. Objects are visited group
	// by group in byte order, so with one group the smallest ids are kept.
	// NObjects is always complete.
	MaxEvidence int
}

// DefaultParams are CooRTweet's defaults (time_window = 10 s,
// min_participation = 2, remove_loops = TRUE, edge_weight = 0.5, no fast
// window) in ModeCoorTweet, with 10 evidence objects per edge.
func DefaultParams() Params {
	return Params{
		Window:           10 * time.Second,
		MinParticipation: 2,
		RemoveLoops:      true,
		EdgeWeight:       0.5,
		Mode:             ModeCoorTweet,
		MaxEvidence:      10,
	}
}

// Validate reports the first unusable parameter as an apperr.BadInput error,
// whose message is safe to show to an API client.
func (p Params) Validate() error {
	switch {
	case p.Window < 0:
		return apperr.New(apperr.BadInput, "coordination window must not be negative, got %v", p.Window)
	case p.FastWindow < 0:
		return apperr.New(apperr.BadInput, "fast window must not be negative, got %v", p.FastWindow)
	case p.FastWindow > p.Window:
		// CooRTweet would accept it and flag every pair; it is almost always a
		// swapped argument, so refuse it.
		return apperr.New(apperr.BadInput, "fast window %v must not exceed the coordination window %v", p.FastWindow, p.Window)
	case p.MinParticipation < 0:
		return apperr.New(apperr.BadInput, "min participation must be >= 0, got %d", p.MinParticipation)
	case math.IsNaN(p.EdgeWeight) || p.EdgeWeight < 0 || p.EdgeWeight > 1:
		return apperr.New(apperr.BadInput, "edge weight quantile must be between 0 and 1, got %v", p.EdgeWeight)
	case p.Mode != "" && p.Mode != ModeCoorTweet && p.Mode != ModeNative:
		return apperr.New(apperr.BadInput, "unknown coordination mode %q (want %q or %q)", p.Mode, ModeCoorTweet, ModeNative)
	case p.MaxEvidence < 0:
		return apperr.New(apperr.BadInput, "max evidence must be >= 0, got %d", p.MaxEvidence)
	}
	return nil
}

// Edge is one unordered account pair of the coordination network
// (generate_coordinated_network's aggregated row).
type Edge struct {
	// A < B in byte order (A == B only for self-loops with RemoveLoops off).
	A, B string
	// Weight is Pairs in ModeCoorTweet and NObjects in ModeNative.
	Weight int
	// Pairs is the number of kept pair rows (CooRTweet's weight).
	Pairs int
	// AvgTimeDeltaSeconds is the mean absolute time difference of the pairs.
	AvgTimeDeltaSeconds float64
	// NContent and NContentY count distinct older-side and newer-side content
	// ids (n_content_id, n_content_id_y); Symmetry is min/max of the two
	// (edge_symmetry_score).
	NContent, NContentY int
	Symmetry            float64
	// AboveThreshold is weight_threshold: Weight > Result.Threshold.
	AboveThreshold bool

	// FastWeight is FastPairs (ModeCoorTweet) or the distinct objects with a
	// fast pair (ModeNative); 0 when FastWindow is off or no pair is fast.
	FastWeight int
	FastPairs  int
	// Fast reports that the edge is in the fast network (FastWeight > 0).
	Fast bool
	// The fast network's attributes (CooRTweet's *_fast columns).
	FastAvgTimeDeltaSeconds float64
	FastNContent            int
	FastNContentY           int
	FastSymmetry            float64
	// FastAboveThreshold is weight_threshold_fast: FastWeight >
	// Result.FastThreshold, among fast edges.
	FastAboveThreshold bool

	// Objects are up to MaxEvidence object ids with a kept pair, sorted;
	// NObjects counts them all.
	Objects  []string
	NObjects int
}

// AccountStat is CooRTweet's account_stats for one node.
type AccountStat struct {
	Account string
	// Degree is the number of edges; FlaggedDegree those AboveThreshold.
	Degree, FlaggedDegree int
	// UniqueShares is unique_shares_count: distinct content ids of the
	// account over all kept pairs. FastUniqueShares is the same over fast
	// pairs (account_stats with weight_threshold = "fast").
	UniqueShares, FastUniqueShares int
	// AvgTimeDeltaSeconds and AvgEdgeSymmetry are account_stats with
	// weight_threshold = "none", including R's unique() over
	// (avg_time_delta, edge_symmetry_score) before averaging.
	AvgTimeDeltaSeconds, AvgEdgeSymmetry float64
	// Flagged* are the same over AboveThreshold edges ("full"); zero when
	// FlaggedDegree is 0.
	FlaggedAvgTimeDeltaSeconds, FlaggedAvgEdgeSymmetry float64
	// R's account_stats on a fast_net graph averages *_full and *_fast
	// columns together; that variant is not reproduced: the averages above
	// are those of a graph built without fast_net.
}

// ObjectStat summarises one object that has at least one kept pair.
type ObjectStat struct {
	Object string
	// Shares and Accounts count the object's rows and distinct accounts
	// after rule 1.
	Shares, Accounts int
	// Pairs and FastPairs count its kept and fast pair rows; PairAccounts the
	// distinct accounts on them.
	Pairs, FastPairs, PairAccounts int
}

// Result is a coordination network.
type Result struct {
	// Edges sorted by (A, B).
	Edges []Edge
	// Accounts (the nodes) sorted by account id.
	Accounts []AccountStat
	// Objects with at least one kept pair, sorted by object id.
	Objects []ObjectStat
	// Threshold is the type-7 quantile of edge weights at EdgeWeight (0 when
	// there are no edges); FastThreshold the same over fast edges.
	Threshold, FastThreshold float64
	// InputShares counts input rows; KeptShares the rows left by rule 1;
	// Pairs and FastPairs the kept and fast pair rows.
	InputShares, KeptShares, Pairs, FastPairs int
}

// Detect runs detect_groups (+ flag_speed_share when p.FastWindow > 0) and
// generate_coordinated_network over shares.
func Detect(shares []Share, p Params) (Result, error) {
	return DetectGroups([][]Share{shares}, p)
}

// DetectGroups runs detect_groups separately on each group (rules 1-5 and
// flag_speed_share apply within a group) and builds one network from all
// their pairs, like rbind-ing several detect_groups results before
// generate_coordinated_network in CooRTweet's multi-modal example. Content ids
// are shared across groups, so a post that appears in two groups counts once
// in NContent. An object id present in two groups counts once per group in
// NObjects (and so in ModeNative weights); give each group its own prefix.
func DetectGroups(groups [][]Share, p Params) (Result, error) {
	if err := p.Validate(); err != nil {
		return Result{}, err
	}
	total := 0
	for _, g := range groups {
		total += len(g)
	}
	if total >= math.MaxInt32 {
		// Rows, accounts and content ids are indexed with int32 to halve the
		// memory of the passes.
		return Result{}, apperr.New(apperr.LimitExceeded, "too many shares for one detection: %d (limit %d)", total, math.MaxInt32-1)
	}
	if p.Mode == "" {
		p.Mode = ModeCoorTweet
	}
	e := newEngine(p)
	return e.run(groups), nil
}

// AboveThresholdEdges returns the edges with AboveThreshold (CooRTweet's
// subgraph = 1; its nodes are the endpoints, see Nodes).
func AboveThresholdEdges(edges []Edge) []Edge {
	var out []Edge
	for _, e := range edges {
		if e.AboveThreshold {
			out = append(out, e)
		}
	}
	return out
}

// FastAboveThresholdEdges returns the edges with FastAboveThreshold
// (CooRTweet's subgraph = 2).
func FastAboveThresholdEdges(edges []Edge) []Edge {
	var out []Edge
	for _, e := range edges {
		if e.FastAboveThreshold {
			out = append(out, e)
		}
	}
	return out
}
