package store

import (
	"cmp"
	"context"
	"embed"
	"fmt"
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
}

// Shares returns the share rows of a signal, streamed from one read
// transaction so a release's millions of rows are held once, as shares, and
// not also as driver records. For the text signal the object is the post's
// raw text; coord normalises it.
func (s *Store) Shares(ctx context.Context, q SharesQuery) ([]coord.Share, error) {
	if !q.Signal.Valid() {
		return nil, fmt.Errorf("shares: unknown signal %q", q.Signal)
	}
	object, err := sharesObjects.ReadFile("shares_object/" + strings.ToLower(string(q.Signal)) + ".cypher")
	if err != nil {
		return nil, fmt.Errorf("shares: no query for signal %q", q.Signal)
	}
	query := strings.Replace(coordinationSharesCypher, "{{object}}", string(object), 1) // the CALL (p) placeholder
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
		account := str(v[0])
		objects, _ := v[1].([]any)
		contents, _ := v[2].([]any)
		times, _ := v[3].([]any)
		if len(contents) != len(objects) || len(times) != len(objects) {
			return nil, fmt.Errorf("account %s: %d objects, %d contents, %d times", account, len(objects), len(contents), len(times))
		}
		out := make([]coord.Share, len(objects))
		for i := range objects {
			out[i] = coord.Share{Object: str(objects[i]), Account: account, Content: str(contents[i]), TimeMs: int64(asInt(times[i]))}
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	shares := make([]coord.Share, 0, n)
	for _, g := range groups {
		shares = append(shares, g...)
	}
	groups = nil
	if q.Signal == model.SignalText {
		kept := shares[:0]
		for _, sh := range shares {
			if sh.Object = coord.NormalizeText(sh.Object); sh.Object != "" {
				kept = append(kept, sh)
			}
		}
		shares = kept
	}
	// The graph has no row order; CooRTweet breaks time ties by it, so give
	// one that does not change between runs: by time, then post, then object.
	// (Compared lazily: cmp.Or would compare the strings of every pair.)
	slices.SortFunc(shares, func(a, b coord.Share) int {
		if c := cmp.Compare(a.TimeMs, b.TimeMs); c != 0 {
			return c
		}
		if c := strings.Compare(a.Content, b.Content); c != 0 {
			return c
		}
		return strings.Compare(a.Object, b.Object)
	})
	return shares, nil
}
