package store

import (
	"cmp"
	"context"
	"embed"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/coord"
	"github.com/iograph/iograph/internal/model"
)

//go:embed coordination_shares.cypher
var coordinationSharesCypher string

// sharesObjects holds, per signal, the subquery that yields the objects a
// post p shares (shares_object/<signal>.cypher); Shares splices the
// signal's one into coordination_shares.cypher, so a query reads only its
// signal's relationships. Signals are a fixed enum: nothing from a request
// reaches the query text.
//
//go:embed shares_object/*.cypher
var sharesObjects embed.FS

// SharesQuery selects the share rows one coordination signal is detected on.
type SharesQuery struct {
	// Signal is one of coord's signals; the query has one branch per signal.
	Signal model.CoordinationSignal
	// Dataset, when set, keeps the accounts and posts of that dataset only.
	Dataset      string
	Since, Until *time.Time
	// Walk skips the share index and reads the rows from the posts: the
	// reference the index is tested against.
	Walk bool
	// Unordered leaves the rows in the order they were read, for callers
	// that need only what does not depend on it: the pairs a run keeps, and
	// so each edge's weight, are the same in any order; which side of a
	// tied pair is the older one (n_content_id against n_content_id_y) is
	// not.
	Unordered bool
}

// ShareSource tells where a Shares answer was read from.
type ShareSource string

const (
	FromShareIndex ShareSource = "share index"
	FromPosts      ShareSource = "posts"
)

// Shares returns the share rows of a signal in a fixed order (by time, then
// post, then object). They come from the dataset's share index when it is of
// the dataset's current data version (see RefreshShareIndex), and otherwise
// from a walk over the posts, which gives the same rows, only slower: the
// text signal, runs over all datasets and datasets loaded before the index
// existed (or changed since) take that walk. For the text signal the object
// is the post's raw text; coord normalises it.
func (s *Store) Shares(ctx context.Context, q SharesQuery) ([]coord.Share, ShareSource, error) {
	if !q.Signal.Valid() {
		return nil, "", fmt.Errorf("shares: unknown signal %q", q.Signal)
	}
	var (
		shares []coord.Share
		found  bool
		err    error
		source = FromShareIndex
	)
	if !q.Walk && q.Dataset != "" && indexed(q.Signal) {
		shares, found, err = s.indexedShares(ctx, q)
		if err != nil {
			return nil, "", err
		}
	}
	if !found {
		source = FromPosts
		if shares, err = s.walkShares(ctx, q); err != nil {
			return nil, "", err
		}
	}
	if q.Signal == model.SignalText {
		kept := shares[:0]
		for _, sh := range shares {
			if sh.Object = coord.NormalizeText(sh.Object); sh.Object != "" {
				kept = append(kept, sh)
			}
		}
		shares = kept
	}
	if q.Unordered {
		return shares, source, nil
	}
	return sortShares(shares), source, nil
}

// sortShares orders share rows by time, then post, then object: the graph
// has no row order, and CooRTweet breaks time ties by it, so this gives one
// that does not change between runs. It sorts small (time, row) keys and
// compares strings only on equal times, then moves each row once: a large
// run's rows are 56 bytes each, and sorting them in place moved them many
// times.
func sortShares(shares []coord.Share) []coord.Share {
	type key struct {
		t int64
		i int32
	}
	keys := make([]key, len(shares))
	for i, sh := range shares {
		keys[i] = key{sh.TimeMs, int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.t, b.t); c != 0 {
			return c
		}
		x, y := &shares[a.i], &shares[b.i]
		if c := strings.Compare(x.Content, y.Content); c != 0 {
			return c
		}
		return strings.Compare(x.Object, y.Object)
	})
	out := make([]coord.Share, len(shares))
	for i, k := range keys {
		out[i] = shares[k.i]
	}
	return out
}

// sharesQuery is coordination_shares.cypher or share_index_rows.cypher with
// the signal's objects spliced in.
func sharesQuery(template string, signal model.CoordinationSignal) (string, error) {
	object, err := sharesObjects.ReadFile("shares_object/" + strings.ToLower(string(signal)) + ".cypher")
	if err != nil {
		return "", fmt.Errorf("shares: no query for signal %q", signal)
	}
	return strings.Replace(template, "{{object}}", string(object), 1), nil // the CALL (p) placeholder
}

// walkShares reads a signal's share rows from the posts themselves.
func (s *Store) walkShares(ctx context.Context, q SharesQuery) ([]coord.Share, error) {
	query, err := sharesQuery(coordinationSharesCypher, q.Signal)
	if err != nil {
		return nil, err
	}
	params := map[string]any{"dataset": nil, "sinceMs": nil, "untilMs": nil}
	if q.Dataset != "" {
		params["dataset"] = q.Dataset
	}
	if q.Since != nil {
		params["sinceMs"] = q.Since.UnixMilli()
	}
	if q.Until != nil {
		params["untilMs"] = q.Until.UnixMilli()
	}
	// One record per account with parallel lists, flattened here (after the
	// transaction, which the driver may retry).
	groups, err := stream(ctx, s, "shares of "+string(q.Signal), query, params, func(r *neo4j.Record) ([]coord.Share, error) {
		v := r.Values
		if len(v) != 4 {
			return nil, fmt.Errorf("want 4 columns, got %d", len(v))
		}
		account, _ := v[0].(string)
		return shareLists([]any{account}, []any{int64(lenOf(v[1]))}, v[1], v[2], v[3], nil, nil)
	})
	if err != nil {
		return nil, err
	}
	return flatten(groups), nil
}

func lenOf(v any) int {
	l, _ := v.([]any)
	return len(l)
}

// shareLists turns parallel lists (accounts with the number of shares of
// each, then per share its object, post and time) into share rows, keeping
// those in [since, until).
func shareLists(accounts, sizes, objects, contents, times any, since, until *time.Time) ([]coord.Share, error) {
	as, _ := accounts.([]any)
	ns, _ := sizes.([]any)
	os, _ := objects.([]any)
	cs, _ := contents.([]any)
	ts, _ := times.([]any)
	if len(ns) != len(as) || len(cs) != len(os) || len(ts) != len(os) {
		return nil, fmt.Errorf("%d accounts with %d sizes; %d objects, %d contents, %d times", len(as), len(ns), len(os), len(cs), len(ts))
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if since != nil {
		lo = since.UnixMilli()
	}
	if until != nil {
		hi = until.UnixMilli()
	}
	out := make([]coord.Share, 0, len(os))
	i := 0
	for k, a := range as {
		account, _ := a.(string)
		n := asInt(ns[k])
		if n < 0 || i+n > len(os) {
			return nil, fmt.Errorf("account %s: %d shares past the %d listed", account, n, len(os))
		}
		for ; n > 0; n, i = n-1, i+1 {
			t := int64(asInt(ts[i]))
			if t < lo || t >= hi {
				continue
			}
			object, _ := os[i].(string)
			content, _ := cs[i].(string)
			out = append(out, coord.Share{Object: object, Account: account, Content: content, TimeMs: t})
		}
	}
	if i != len(os) {
		return nil, fmt.Errorf("sizes add up to %d of %d shares", i, len(os))
	}
	return out, nil
}

func flatten(groups [][]coord.Share) []coord.Share {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	shares := make([]coord.Share, 0, n)
	for _, g := range groups {
		shares = append(shares, g...)
	}
	return shares
}
