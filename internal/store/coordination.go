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

// sharesObject is, per signal, the subquery that yields the objects a post p
// shares; it replaces the placeholder in coordination_shares.cypher.
var sharesObject = map[model.CoordinationSignal]string{
	model.SignalRetweet: `MATCH (p)-[:RETWEET_OF]->(o:Post)
  RETURN o.uid AS object`,
	model.SignalReply: `MATCH (p)-[:REPLY_TO]->(o:Post)
  RETURN o.uid AS object`,
	model.SignalQuote: `MATCH (p)-[:QUOTES]->(o:Post)
  RETURN o.uid AS object`,
	model.SignalURL: `MATCH (p)-[:LINKS]->(u:Url)
  RETURN u.url AS object`,
	model.SignalDomain: `CALL (p) {
    MATCH (p)-[:LINKS_DOMAIN]->(d:Domain)
    RETURN d
    UNION
    MATCH (p)-[:LINKS]->(:Url)-[:ON_DOMAIN]->(d:Domain)
    RETURN d
  }
  RETURN d.name AS object`,
	model.SignalHashtag: `MATCH (p)-[:TAGS]->(h:Hashtag)
  RETURN h.tag AS object`,
	model.SignalImage: `MATCH (p)-[:HAS_IMAGE]->(i:Image)
  RETURN i.hash AS object`,
	model.SignalText: `WITH p WHERE p.text IS NOT NULL AND p.text <> ''
  RETURN p.text AS object`,
}

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
	object, ok := sharesObject[q.Signal]
	if !ok {
		return nil, fmt.Errorf("shares: no query for signal %q", q.Signal)
	}
	query := strings.Replace(coordinationSharesCypher, "{{object}}", object, 1) // the CALL (p) placeholder
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
