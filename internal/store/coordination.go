package store

import (
	"cmp"
	"context"
	_ "embed"
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
	params := map[string]any{"signal": string(q.Signal), "dataset": nil, "sinceMs": nil, "untilMs": nil}
	if q.Dataset != "" {
		params["dataset"] = q.Dataset
	}
	if q.Since != nil {
		params["sinceMs"] = q.Since.UnixMilli()
	}
	if q.Until != nil {
		params["untilMs"] = q.Until.UnixMilli()
	}
	shares, err := stream(ctx, s, "shares of "+string(q.Signal), coordinationSharesCypher, params, func(r *neo4j.Record) (coord.Share, error) {
		v := r.Values
		if len(v) != 4 {
			return coord.Share{}, fmt.Errorf("want 4 columns, got %d", len(v))
		}
		return coord.Share{Object: str(v[0]), Account: str(v[1]), Content: str(v[2]), TimeMs: int64(asInt(v[3]))}, nil
	})
	if err != nil {
		return nil, err
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
	// The graph has no row order; CooRTweet breaks time ties by it, so give
	// one that does not change between runs: by time, then post, then object.
	slices.SortFunc(shares, func(a, b coord.Share) int {
		return cmp.Or(cmp.Compare(a.TimeMs, b.TimeMs), strings.Compare(a.Content, b.Content), strings.Compare(a.Object, b.Object))
	})
	return shares, nil
}
