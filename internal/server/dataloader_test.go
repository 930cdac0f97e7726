package server_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/gen"
	"github.com/iograph/iograph/loaders/twitterio"
)

// A nested query over N amplifiers must cost a number of Bolt round trips
// bounded by the query's depth, not by N: the per-request dataloaders batch
// each nested field into one query per level.
func TestRoundTripsFollowDepthNotResultSize(t *testing.T) {
	srv, st := syntheticServer(t)

	seed := mostAmplifiedSeed(t, st)
	const q = `query($seed: ID!, $first: Int) { amplifiers(seed: $seed, first: $first) { totalCount edges { node {
		account { id datasets clients { name posts } posts(first: 2) { totalCount edges { node { id hashtags } } } hashtags(first: 3) { tag }
			amplifiedBy(first: 3) { account { id datasets } total }
			amplifies(first: 2) { account { id clients { name } } } relatedAssets { asset { id } via } } } } } }`
	trips := func(first int) (int64, int) {
		before := st.QueryCount()
		body := gql(t, srv, q, map[string]any{"seed": seed, "first": first})
		var resp struct {
			Errors []any
			Data   struct {
				Amplifiers struct {
					TotalCount int
					Edges      []any
				}
			}
		}
		if err := json.Unmarshal(body, &resp); err != nil || len(resp.Errors) > 0 {
			t.Fatalf("%v %s", err, body)
		}
		return st.QueryCount() - before, len(resp.Data.Amplifiers.Edges)
	}
	// A loader whose window closes before a busy machine has started every
	// resolver of a level splits that level in two: timing only ever adds
	// round trips, so the fewest of three requests measures the design.
	fewest := func(first int) (int64, int) {
		best, n := trips(first)
		for range 2 {
			if k, _ := trips(first); k < best {
				best = k
			}
		}
		return best, n
	}
	small, n10 := fewest(10)
	large, n100 := fewest(100)
	if n10 != 10 || n100 != 100 {
		t.Fatalf("the seed needs at least 100 amplifiers for this test; pages had %d and %d", n10, n100)
	}
	// amplifiers (1) + datasets, clients, posts, hashtags, amplifiedBy and
	// amplifies and relatedAssets at level 1 + datasets and clients at
	// level 2 = 10; without batching this query costs over 700.
	if small > 13 || large > 13 {
		t.Fatalf("round trips: %d for 10 amplifiers, %d for 100; want at most 13 for both", small, large)
	}
	t.Logf("round trips per request: %d (10 amplifiers), %d (100 amplifiers)", small, large)
}

// syntheticServer serves a generated release of 6,000 tweets by 300
// accounts, dense enough in amplification that whole-graph work shows.
func syntheticServer(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	st := neo4jtest.Fresh(t)
	dir := t.TempDir()
	sum, err := gen.TwitterIO(context.Background(), gen.Options{Tweets: 6000, Accounts: 300, Seeds: 3, Groups: 1, GroupSize: 5, OutDir: dir, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rej, _ := loaders.NewRejects("")
	if _, err := twitterio.Load(ctx, neo4jtest.DB(t),
		[]string{sum.UsersFile, sum.TweetsFile}, "", loaders.Options{Synthetic: true}, rej); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(signedIn(t, st, model.RoleAdmin))
	t.Cleanup(srv.Close)
	return srv, st
}

// mostAmplifiedSeed is the account with the most amplifiers. (It was found
// by a match-all search, `*:*`, which searchAccounts no longer runs: Lucene
// syntax is matched as text.)
func mostAmplifiedSeed(t *testing.T, st *store.Store) string {
	t.Helper()
	res, err := neo4jtest.DB(t).Query(context.Background(), `MATCH (a:Account)<-[:AMPLIFIED]-(b) WITH a.uid AS uid, count(b) AS n RETURN uid ORDER BY n DESC, uid LIMIT 1`,
		nil)
	if err != nil || len(res.Records) == 0 {
		t.Fatalf("no amplified account: %v", err)
	}
	uid, _ := res.Records[0].Values[0].(string)
	return uid
}
