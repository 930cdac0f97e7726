package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
)

// TestNetworkGrowsByStrongestTie checks, on a neighbourhood whose ties are
// known (testdata/network_fixture.cypher), which accounts each hop adds
// under the cap, which edges are drawn (each once, only between drawn
// accounts), and when the answer says it was truncated.
func TestNetworkGrowsByStrongestTie(t *testing.T) {
	st := neo4jtest.Fresh(t)
	runFixture(t, st, "network_fixture.cypher")
	cases := []struct {
		name      string
		f         store.NetworkFilter
		nodes     string // in answer order, seeds first
		edges     string // sorted
		truncated bool
	}{
		{"one hop: every amplifier, heaviest first, and the edges among them",
			store.NetworkFilter{Hops: 1, MinWeight: 1, Limit: 100},
			"S A1 A2 A3 A4 A5", "A1>A2 A1>S A2>S A3>S A4>S A5>S", false},
		{"two hops: strongest summed tie first; every edge once",
			store.NetworkFilter{Hops: 2, MinWeight: 1, Limit: 100},
			"S A1 A2 A3 A4 A5 T2 T1 T3", "A1>A2 A1>S A1>T1 A2>S A2>T1 A3>S A3>T2 A4>S A4>T3 A5>S", false},
		{"three hops add nothing new and draw nothing twice",
			store.NetworkFilter{Hops: 3, MinWeight: 1, Limit: 100},
			"S A1 A2 A3 A4 A5 T2 T1 T3", "A1>A2 A1>S A1>T1 A2>S A2>T1 A3>S A3>T2 A4>S A4>T3 A5>S", false},
		{"the cap keeps the strongest tie of the last hop and says it cut",
			store.NetworkFilter{Hops: 2, MinWeight: 1, Limit: 7},
			"S A1 A2 A3 A4 A5 T2", "A1>A2 A1>S A2>S A3>S A3>T2 A4>S A5>S", true},
		{"a cap inside the first hop",
			store.NetworkFilter{Hops: 2, MinWeight: 1, Limit: 3},
			"S A1 A2", "A1>A2 A1>S A2>S", true},
		{"a cap met exactly by the first hop is a cut when the second would add",
			store.NetworkFilter{Hops: 2, MinWeight: 1, Limit: 6},
			"S A1 A2 A3 A4 A5", "A1>A2 A1>S A2>S A3>S A4>S A5>S", true},
		{"a cap inside the first hop, three hops asked",
			store.NetworkFilter{Hops: 3, MinWeight: 1, Limit: 3},
			"S A1 A2", "A1>A2 A1>S A2>S", true},
		{"a cap met exactly is not a cut when nothing else is tied",
			store.NetworkFilter{Hops: 1, MinWeight: 1, Limit: 6},
			"S A1 A2 A3 A4 A5", "A1>A2 A1>S A2>S A3>S A4>S A5>S", false},
		{"minimum weight drops light edges and the accounts only they reach",
			store.NetworkFilter{Hops: 2, MinWeight: 7, Limit: 100},
			"S A1 A2 A3 A4 T2", "A1>S A2>S A3>S A3>T2 A4>S", false},
		{"kinds: mentions only",
			store.NetworkFilter{Hops: 2, Kinds: []model.EngagementKind{model.EngagementMention}, MinWeight: 1, Limit: 100},
			"S", "", false},
	}
	plans := []struct {
		name string
		plan any
	}{{"auto", store.PlanAuto}, {"from the frontier", store.PlanFrontier}, {"from outside and the index", store.PlanOutside}}
	details := []struct {
		name   string
		detail store.EdgeDetail
	}{{"full", store.EdgeFull}, {"times", store.EdgeTimes}, {"bare", store.EdgeBare}}
	for _, p := range plans {
		for i, tc := range cases {
			// Every plan reads every level of detail, on alternate cases.
			d := details[i%len(details)]
			t.Run(p.name+"/"+d.name+"/"+tc.name, func(t *testing.T) {
				store.SetNetworkPlan(st, p.plan)
				tc.f.Detail = d.detail
				net, err := st.Network(ctx(t), []string{"twitter:S"}, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var nodes, edges []string
				for _, n := range net.Nodes {
					nodes = append(nodes, strings.TrimPrefix(n.ID, "twitter:"))
				}
				seen := map[string]bool{}
				for _, e := range net.Edges {
					if seen[e.ID] {
						t.Errorf("edge %s twice", e.ID)
					}
					seen[e.ID] = true
					if full := e.Properties != nil; full != (d.detail == store.EdgeFull) {
						t.Errorf("edge %s: properties %v at detail %s", e.ID, e.Properties, d.name)
					}
					if timed := e.FirstAt != nil && e.LastAt != nil; timed != (d.detail != store.EdgeBare) {
						t.Errorf("edge %s: times %v–%v at detail %s", e.ID, e.FirstAt, e.LastAt, d.name)
					}
					edges = append(edges, strings.TrimPrefix(e.Source, "twitter:")+">"+strings.TrimPrefix(e.Target, "twitter:"))
				}
				slices.Sort(edges)
				if got := strings.Join(nodes, " "); got != tc.nodes {
					t.Errorf("nodes %q, want %q", got, tc.nodes)
				}
				if got := strings.Join(edges, " "); got != tc.edges {
					t.Errorf("edges %q, want %q", got, tc.edges)
				}
				if net.Truncated != tc.truncated {
					t.Errorf("truncated %v, want %v", net.Truncated, tc.truncated)
				}
			})
		}
	}
}
