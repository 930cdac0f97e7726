package coord_test

import (
	"context"
	"encoding/csv"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/coord"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/gen"
	"github.com/iograph/iograph/loaders/twitterio"
)

// The detector, run on retweets read back from a loaded synthetic release,
// finds the coordinated groups the generator planted: end to end through the
// loader, the graph, store.Shares and coord.Detect, scored against
// planted_groups.csv.
//
// Parameters, and why:
//   - window = gen.CoordinationWindow (20 s): every member of a planted event
//     retweets within 20 s of the first, so no planted pair falls outside the
//     window, while unplanted accounts (whose latencies spread over minutes to
//     days) meet inside it only by chance;
//   - min participation = gen.MinParticipation (2, also CooRTweet's default):
//     the generator lists a member for co_retweet after 2 events;
//   - edges of weight >= 5 count as coordination: in this release a group
//     has 12 co-retweet events and a member joins each with p = 0.85, so a
//     planted pair co-retweets about 0.85² × 12 ≈ 9 times, while unplanted
//     accounts meet within 20 s by chance once, rarely two or three times
//     (both extremes are logged). CooRTweet's own flag (weight above the median, edge_weight
//     0.5) keeps those weight-2 chance edges of busy bots, so it is logged for
//     comparison but not scored.
//
// The detected groups are the connected components of those edges (and,
// logged and checked the same way, their Louvain communities). Scores:
// account precision/recall (accounts on those edges vs planted co_retweet members)
// and pair precision/recall (account pairs in one detected group vs pairs in
// one planted group).
func TestDetectFindsPlantedGroupsInLoadedRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a generated release into Neo4j")
	}
	st := neo4jtest.Fresh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	sum, err := gen.TwitterIO(ctx, gen.Options{Tweets: 9000, Accounts: 500, Groups: 3, GroupSize: 8, Seed: 11, OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	rej, _ := loaders.NewRejects("")
	t0 := time.Now()
	if _, err := twitterio.Load(ctx, neo4jtest.DB(t),
		[]string{sum.UsersFile, sum.TweetsFile}, "", loaders.Options{Synthetic: true}, rej); err != nil {
		t.Fatal(err)
	}
	loaded := time.Since(t0)

	shares, _, err := st.Shares(ctx, store.SharesQuery{Signal: model.SignalRetweet, Dataset: sum.Release})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(shares)) != sum.Retweets {
		t.Errorf("read %d retweet shares, the release has %d retweets", len(shares), sum.Retweets)
	}
	p := coord.DefaultParams()
	p.Window, p.MinParticipation = gen.CoordinationWindow, gen.MinParticipation
	res, err := coord.Detect(shares, p)
	if err != nil {
		t.Fatal(err)
	}
	const minWeight = 5
	var strong []coord.Edge
	for _, e := range res.Edges {
		if e.Weight >= minWeight {
			strong = append(strong, e)
		}
	}
	flagged := coord.AboveThresholdEdges(res.Edges)

	planted := plantedGroups(t, sum.PlantedFile, gen.SignalCoRetweet)
	if len(planted) != sum.Groups {
		t.Fatalf("planted_groups.csv lists co_retweet members of %d groups, want %d", len(planted), sum.Groups)
	}
	comps := coord.Components(strong)
	louvain, q := coord.Louvain(strong, 1)
	t.Logf("%d tweets loaded in %s; %d retweet shares, %d pairs, %d edges, %d of weight >= %d on %d accounts",
		sum.Tweets, loaded.Round(time.Millisecond), len(shares), res.Pairs, len(res.Edges), len(strong), minWeight, len(coord.Nodes(strong)))
	fp, fr := pairScores(coord.Components(flagged), planted)
	t.Logf("for comparison, CooRTweet's flag (weight > median %g): %d edges, components' pair precision %.3f recall %.3f",
		res.Threshold, len(flagged), fp, fr)

	group := map[string]int{}
	for gi, g := range planted {
		for _, a := range g {
			group[a] = gi + 1
		}
	}
	weakestPlanted, strongestOther := -1, 0
	for _, e := range res.Edges {
		if g := group[e.A]; g != 0 && g == group[e.B] {
			if weakestPlanted < 0 || e.Weight < weakestPlanted {
				weakestPlanted = e.Weight
			}
		} else {
			strongestOther = max(strongestOther, e.Weight)
		}
	}
	t.Logf("weakest edge inside a planted group: %d; strongest other edge: %d", weakestPlanted, strongestOther)

	accP, accR := accountScores(coord.Nodes(strong), planted)
	for _, c := range []struct {
		name   string
		groups [][]string
	}{{"components", comps}, {"louvain", louvain}} {
		pairP, pairR := pairScores(c.groups, planted)
		t.Logf("%s of edges of weight >= 5: %d groups (sizes %v); accounts: precision %.3f recall %.3f; pairs: precision %.3f recall %.3f",
			c.name, len(c.groups), sizes(c.groups), accP, accR, pairP, pairR)
		// A detector that ignores the window or rule 4 flags chance pairs of
		// bots and merges groups (pair precision falls far below 0.9); one that
		// loses pairs misses members (recall falls).
		if accP < 0.95 || accR < 0.95 || pairP < 0.9 || pairR < 0.9 {
			t.Errorf("%s: precision/recall too low: accounts %.3f/%.3f, pairs %.3f/%.3f", c.name, accP, accR, pairP, pairR)
		}
	}
	if q <= 0.3 {
		t.Errorf("Louvain modularity %.3f: the planted groups should be well separated", q)
	}
}

// plantedGroups reads planted_groups.csv: account uids per group for a signal.
func plantedGroups(t *testing.T, path, signal string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byGroup := map[string][]string{}
	var order []string
	for _, r := range rows[1:] { // group_id,userid,signal
		if r[2] != signal {
			continue
		}
		if _, ok := byGroup[r[0]]; !ok {
			order = append(order, r[0])
		}
		byGroup[r[0]] = append(byGroup[r[0]], "twitter:"+r[1])
	}
	var out [][]string
	for _, g := range order {
		out = append(out, byGroup[g])
	}
	return out
}

func accountScores(detected []string, planted [][]string) (precision, recall float64) {
	want := map[string]bool{}
	for _, g := range planted {
		for _, a := range g {
			want[a] = true
		}
	}
	hit := 0
	for _, a := range detected {
		if want[a] {
			hit++
		}
	}
	return ratio(hit, len(detected)), ratio(hit, len(want))
}

// pairScores compares "in the same group" over unordered account pairs.
func pairScores(detected, planted [][]string) (precision, recall float64) {
	pairs := func(groups [][]string) map[[2]string]bool {
		out := map[[2]string]bool{}
		for _, g := range groups {
			g = slices.Sorted(slices.Values(g))
			for i := range g {
				for j := i + 1; j < len(g); j++ {
					out[[2]string{g[i], g[j]}] = true
				}
			}
		}
		return out
	}
	d, p := pairs(detected), pairs(planted)
	hit := 0
	for k := range d {
		if p[k] {
			hit++
		}
	}
	return ratio(hit, len(d)), ratio(hit, len(p))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func sizes(groups [][]string) []int {
	var out []int
	for _, g := range groups {
		out = append(out, len(g))
	}
	return out
}
