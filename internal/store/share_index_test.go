package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/coord"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/gen"
	"github.com/iograph/iograph/loaders/loadertest"
	"github.com/iograph/iograph/loaders/shares"
	"github.com/iograph/iograph/loaders/twitterio"
)

// The share index must answer exactly the rows the walk over the posts
// answers, for every signal it holds, on both kinds of data it serves:
// german_elections (Facebook and Twitter accounts sharing URLs, domains,
// hashtags and images) and a generated Twitter release (retweets, replies,
// quotes, URLs, domains, hashtags), with and without a time range. It must
// stop being used the moment the dataset changes, and a build that was
// killed half-way must leave nothing a reader picks up.
func TestShareIndexAnswersWhatTheWalkAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("loads german_elections and a generated release")
	}
	st := neo4jtest.Fresh(t)
	c, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	release, err := gen.TwitterIO(c, gen.Options{Tweets: 4000, Accounts: 300, Seeds: 3, Groups: 2, GroupSize: 6,
		OutDir: t.TempDir(), Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	opts := loaders.Options{BatchSize: 1000, Workers: 2}
	if _, _, err := loadertest.Load(t, st, twitterio.Load, "", opts, release.UsersFile, release.TweetsFile); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadertest.Load(t, st, shares.Loader(shares.Config{}), "", opts,
		loadertest.Demo+"/coortweet/german_elections.csv.gz"); err != nil {
		t.Fatal(err)
	}
	const (
		german = "german_elections"
		synth  = "synthetic_082019_1"
	)

	// Before any build every read walks the posts.
	if _, src := sharesOf(t, st, store.SharesQuery{Signal: model.SignalURL, Dataset: german}); src != store.FromPosts {
		t.Fatalf("no index built yet, but shares came from the %s", src)
	}
	for _, ds := range []string{german, synth} {
		built, err := st.RefreshShareIndex(c, ds, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(built) != len(model.AllCoordinationSignals)-1 {
			t.Errorf("%s: built %v, want every signal but text", ds, built)
		}
		if again, err := st.RefreshShareIndex(c, ds, 2); err != nil || len(again) != 0 {
			t.Errorf("%s: a second refresh with nothing loaded rebuilt %v (err %v)", ds, again, err)
		}
	}

	// Times of german_elections and of the generated release; the ranges cut
	// through the middle of each.
	at := func(s string) *time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	cases := []struct {
		dataset string
		signals []model.CoordinationSignal
		since   *time.Time
		until   *time.Time
		min     int // shares expected at least, so an empty answer cannot pass
	}{
		{german, []model.CoordinationSignal{model.SignalURL, model.SignalDomain, model.SignalHashtag, model.SignalImage}, nil, nil, 10000},
		{german, []model.CoordinationSignal{model.SignalURL, model.SignalImage}, at("2021-09-01T00:00:00Z"), nil, 1000},
		{german, []model.CoordinationSignal{model.SignalDomain}, at("2021-08-25T00:00:00Z"), at("2021-09-10T00:00:00Z"), 1000},
		{synth, []model.CoordinationSignal{model.SignalRetweet, model.SignalReply, model.SignalQuote, model.SignalURL,
			model.SignalDomain, model.SignalHashtag}, nil, nil, 50},
		{synth, []model.CoordinationSignal{model.SignalRetweet, model.SignalHashtag}, nil, at("2019-08-15T00:00:00Z"), 20},
	}
	for _, tc := range cases {
		for _, sig := range tc.signals {
			q := store.SharesQuery{Signal: sig, Dataset: tc.dataset, Since: tc.since, Until: tc.until}
			name := fmt.Sprintf("%s %s since %v until %v", tc.dataset, sig, tc.since, tc.until)
			t.Run(name, func(t *testing.T) {
				got, src := sharesOf(t, st, q)
				if src != store.FromShareIndex {
					t.Fatalf("read from the %s, want the share index", src)
				}
				q.Walk = true
				want, _ := sharesOf(t, st, q)
				if len(want) < tc.min {
					t.Fatalf("the walk found %d shares, want at least %d: the case tests nothing", len(want), tc.min)
				}
				if d := firstDiff(got, want); d != "" {
					t.Fatalf("index and walk differ (%d and %d rows): %s", len(got), len(want), d)
				}
			})
		}
	}
	if _, src := sharesOf(t, st, store.SharesQuery{Signal: model.SignalText, Dataset: synth}); src != store.FromPosts {
		t.Errorf("text read from the %s; it is not indexed", src)
	}
	if _, src := sharesOf(t, st, store.SharesQuery{Signal: model.SignalURL}); src != store.FromPosts {
		t.Errorf("a read over all datasets came from the %s; indexes are per dataset", src)
	}

	// A killed build leaves chunks under a build no header names.
	loadertest.Int(t, st, `CREATE (k:ShareChunk {dataset: $d, signal: 'URL', build: 'shares:killed', accounts: ['x'], sizes: [1],
		objects: ['o'], contents: ['c'], times: [1]}) RETURN 1 AS n`, map[string]any{"d": german})
	got, _ := sharesOf(t, st, store.SharesQuery{Signal: model.SignalURL, Dataset: german})
	if slices.ContainsFunc(got, func(s coord.Share) bool { return s.Account == "x" }) {
		t.Fatal("rows of a killed build were read")
	}

	// A new load into the dataset makes its index stale at once: the new
	// share is seen (from the posts) before the index is built again.
	extra := loadertest.WriteFile(t, "german_elections_extra.csv",
		"account_id,post_id,url_id,hashtag_id,domain_id,phash_id,timestamp\nfb_12670,9999001,23678,,3498,,1629589900\n")
	if _, _, err := loadertest.Load(t, st, shares.Loader(shares.Config{}), german, opts, extra); err != nil {
		t.Fatal(err)
	}
	after, src := sharesOf(t, st, store.SharesQuery{Signal: model.SignalURL, Dataset: german})
	if src != store.FromPosts || len(after) != len(got)+1 {
		t.Fatalf("after a new load: %d rows from the %s, want %d from the posts", len(after), src, len(got)+1)
	}
	if _, err := st.RefreshShareIndex(c, german, 2); err != nil {
		t.Fatal(err)
	}
	again, src := sharesOf(t, st, store.SharesQuery{Signal: model.SignalURL, Dataset: german})
	if src != store.FromShareIndex {
		t.Fatalf("after the rebuild: read from the %s", src)
	}
	if d := firstDiff(again, after); d != "" {
		t.Fatalf("rebuilt index differs from the walk: %s", d)
	}
	if n := loadertest.Int(t, st, `MATCH (k:ShareChunk {build: 'shares:killed'}) RETURN count(k) AS n`, nil); n != 0 {
		t.Errorf("%d chunks of the killed build survived the next build", n)
	}
	if n := loadertest.Int(t, st, `MATCH (x:ShareIndex {dataset: $d, signal: 'URL'}) MATCH (k:ShareChunk {dataset: $d, signal: 'URL'})
		WHERE k.build <> x.build RETURN count(k) AS n`, map[string]any{"d": german}); n != 0 {
		t.Errorf("%d chunks of replaced builds survived", n)
	}
}

func sharesOf(t *testing.T, st *store.Store, q store.SharesQuery) ([]coord.Share, store.ShareSource) {
	t.Helper()
	rows, src, err := st.Shares(ctx(t), q)
	if err != nil {
		t.Fatalf("shares %+v: %v", q, err)
	}
	return rows, src
}

func firstDiff(got, want []coord.Share) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d rows, want %d", len(got), len(want))
	}
	return ""
}
