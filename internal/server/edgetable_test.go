package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// The tables are the nodes and edges as columns: asked together, for every
// way a network is read (aggregates, a time window, kinds, a cap that cuts,
// two seeds, a path), entry i of nodeTable must be node i of `nodes`, and
// entry i of edgeTable edge i of `edges` — the same ends (rebuilt from
// places in nodes), kind, weight and time span.
func TestNetworkEdgeTableIsTheEdges(t *testing.T) {
	srv := releaseServer(t)
	const both = `query($seeds: [ID!]!, $hops: Int, $kinds: [EngagementKind!], $since: DateTime, $until: DateTime, $limit: Int) {
  network(seeds: $seeds, hops: $hops, kinds: $kinds, since: $since, until: $until, limit: $limit) {
    nodes { id kind label platform properties } nodeTable { id kind label platform properties }
    edges { id source target kind weight properties } edgeTable { source target kind weight firstAt lastAt } } }`
	const path = `{ network: path(from: "twitter:Qm90QW1wbGlmaWVyVHdvSGFzaGVkSWRlbnRpdHk=", to: "facebook:@hkpoliticalnew") {
    nodes { id kind label platform properties } nodeTable { id kind label platform properties }
    edges { id source target kind weight properties } edgeTable { source target kind weight firstAt lastAt } } }`
	cases := []struct {
		name, query string
		vars        map[string]any
	}{
		{"one hop", both, map[string]any{"seeds": []string{"twitter:1001"}}},
		{"two hops", both, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 2}},
		{"two seeds, retweets", both, map[string]any{"seeds": []string{"twitter:1001", "twitter:1002"}, "kinds": []string{"RETWEET"}}},
		{"window", both, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 2, "since": "2019-08-01T10:00:10Z", "until": "2019-08-01T11:00:00Z"}},
		{"cut by the cap", both, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 3, "limit": 2}},
		{"path across platforms", path, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out struct {
				Data struct {
					Network struct {
						Nodes []struct {
							ID, Kind, Label string
							Platform        *string
							Properties      map[string]any
						}
						NodeTable struct {
							ID, Kind, Label []string
							Platform        []*string
							Properties      []map[string]any
						}
						Edges []struct {
							ID, Source, Target, Kind string
							Weight                   float64
							Properties               map[string]any
						}
						EdgeTable struct {
							Source, Target  []int
							Kind            []string
							Weight          []float64
							FirstAt, LastAt []*string
						}
					}
				}
				Errors []json.RawMessage
			}
			body := gql(t, srv, tc.query, tc.vars)
			if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) > 0 {
				t.Fatalf("%v: %s", err, body)
			}
			n := out.Data.Network
			nt := n.NodeTable
			for _, col := range []int{len(nt.ID), len(nt.Kind), len(nt.Label), len(nt.Platform), len(nt.Properties)} {
				if col != len(n.Nodes) {
					t.Fatalf("a node column of %d entries for %d nodes: %s", col, len(n.Nodes), body)
				}
			}
			for i, node := range n.Nodes {
				if nt.ID[i] != node.ID || nt.Kind[i] != node.Kind || nt.Label[i] != node.Label ||
					orNone(nt.Platform[i]) != orNone(node.Platform) ||
					fmt.Sprint(nt.Properties[i]) != fmt.Sprint(node.Properties) {
					t.Errorf("node entry %d is %s %s %q %s %v, node %d is %+v", i, nt.ID[i], nt.Kind[i], nt.Label[i], orNone(nt.Platform[i]), nt.Properties[i], i, node)
				}
			}
			tab := n.EdgeTable
			if len(n.Edges) == 0 {
				t.Fatalf("no edges: the case checks nothing: %s", body)
			}
			for _, col := range []int{len(tab.Source), len(tab.Target), len(tab.Kind), len(tab.Weight), len(tab.FirstAt), len(tab.LastAt)} {
				if col != len(n.Edges) {
					t.Fatalf("a column of %d entries for %d edges: %s", col, len(n.Edges), body)
				}
			}
			for i, e := range n.Edges {
				src, dst := n.Nodes[tab.Source[i]].ID, n.Nodes[tab.Target[i]].ID
				sep := "->"
				if tab.Kind[i] == "COORDINATED" {
					sep = "--"
				}
				if id := tab.Kind[i] + ":" + src + sep + dst; id != e.ID || src != e.Source || dst != e.Target || tab.Kind[i] != e.Kind || tab.Weight[i] != e.Weight {
					t.Errorf("entry %d is %s weight %v, edge %d is %s weight %v", i, id, tab.Weight[i], i, e.ID, e.Weight)
				}
				for k, col := range map[string][]*string{"firstAt": tab.FirstAt, "lastAt": tab.LastAt} {
					if got, want := instant(t, col[i]), instant(t, e.Properties[k]); got != want {
						t.Errorf("edge %s: %s %s in the table, %s in properties", e.ID, k, got, want)
					}
				}
			}
		})
	}
}

// instant reads a time the API wrote (a DateTime, or a property's RFC 3339
// string) as one comparable form; "none" when absent.
func instant(t *testing.T, v any) string {
	t.Helper()
	var s string
	switch x := v.(type) {
	case nil:
		return "none"
	case *string:
		if x == nil {
			return "none"
		}
		s = *x
	case string:
		s = x
	default:
		t.Fatalf("time %T", v)
	}
	ts, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return fmt.Sprint(ts.UTC().UnixMilli())
}

// An edge's counts are read only when `edges` is selected; a selection
// through fragments (named, inline, or under @include) must still get them.
func TestNetworkEdgePropertiesThroughFragments(t *testing.T) {
	srv := releaseServer(t)
	for name, query := range map[string]string{
		"named fragment":  `query { network(seeds: ["twitter:1001"]) { ...E } } fragment E on Network { edges { id properties } }`,
		"inline fragment": `query { network(seeds: ["twitter:1001"]) { ... on Network { edges { id properties } } } }`,
		"@include":        `query($e: Boolean!) { network(seeds: ["twitter:1001"]) { edges @include(if: $e) { id properties } } }`,
		"beside a table":  `query { network(seeds: ["twitter:1001"]) { edgeTable { weight } edges { id properties } } }`,
	} {
		t.Run(name, func(t *testing.T) {
			var out struct {
				Data struct {
					Network struct {
						Edges []struct {
							ID         string
							Properties map[string]any
						}
					}
				}
				Errors []json.RawMessage
			}
			body := gql(t, srv, query, map[string]any{"e": true})
			if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) > 0 {
				t.Fatalf("%v: %s", err, body)
			}
			if len(out.Data.Network.Edges) == 0 {
				t.Fatalf("no edges: %s", body)
			}
			for _, e := range out.Data.Network.Edges {
				if _, ok := e.Properties["retweets"]; !ok {
					t.Errorf("edge %s without its counts: %v", e.ID, e.Properties)
				}
			}
		})
	}
}

func orNone(s *string) string {
	if s == nil {
		return "none"
	}
	return *s
}

// Asked for alone, the edge table's time columns are read (and nothing
// more): they equal the times `edges` gives in a query of its own.
func TestNetworkEdgeTableTimesAlone(t *testing.T) {
	srv := releaseServer(t)
	vars := map[string]any{"seeds": []string{"twitter:1001"}, "hops": 2}
	var times struct {
		Data struct {
			Network struct {
				EdgeTable struct{ FirstAt, LastAt []*string }
			}
		}
	}
	var full struct {
		Data struct {
			Network struct {
				Edges []struct {
					ID         string
					Properties map[string]any
				}
			}
		}
	}
	for q, out := range map[string]any{
		`query($seeds: [ID!]!, $hops: Int) { network(seeds: $seeds, hops: $hops) { edgeTable { firstAt lastAt } } }`: &times,
		`query($seeds: [ID!]!, $hops: Int) { network(seeds: $seeds, hops: $hops) { edges { id properties } } }`:      &full,
	} {
		body := gql(t, srv, q, vars)
		if err := json.Unmarshal(body, out); err != nil || bytes.Contains(body, []byte(`"errors"`)) {
			t.Fatalf("%v: %s", err, body)
		}
	}
	tab, edges := times.Data.Network.EdgeTable, full.Data.Network.Edges
	if len(edges) == 0 || len(tab.FirstAt) != len(edges) || len(tab.LastAt) != len(edges) {
		t.Fatalf("%d edges, %d and %d times", len(edges), len(tab.FirstAt), len(tab.LastAt))
	}
	for i, e := range edges {
		if tab.FirstAt[i] == nil || instant(t, tab.FirstAt[i]) != instant(t, e.Properties["firstAt"]) ||
			instant(t, tab.LastAt[i]) != instant(t, e.Properties["lastAt"]) {
			t.Errorf("edge %s: times %s–%s alone, %v–%v in edges", e.ID, instant(t, tab.FirstAt[i]), instant(t, tab.LastAt[i]), e.Properties["firstAt"], e.Properties["lastAt"])
		}
	}
}
