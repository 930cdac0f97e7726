package model

import (
	"strings"
	"testing"
	"time"
)

// EdgeTable names each edge's ends by their places in the nodes and keeps
// the edges' order; an edge whose end is no node cannot be laid out.
func TestEdgeTable(t *testing.T) {
	at := time.UnixMilli(1564653600000).UTC()
	net := Network{
		Nodes: []NetworkNode{{ID: "s"}, {ID: "a"}, {ID: "b"}},
		Edges: []NetworkEdge{
			{ID: "AMPLIFIED:b->s", Source: "b", Target: "s", Kind: "AMPLIFIED", Weight: 5, FirstAt: &at, LastAt: &at},
			{ID: "COORDINATED:a--b", Source: "a", Target: "b", Kind: "COORDINATED", Weight: 0.5},
		},
	}
	tab, err := net.EdgeTable()
	if err != nil {
		t.Fatal(err)
	}
	if got := [][]int{tab.Source, tab.Target}; got[0][0] != 2 || got[1][0] != 0 || got[0][1] != 1 || got[1][1] != 2 {
		t.Errorf("ends %v, want sources [2 1] and targets [0 2]", got)
	}
	if tab.Kind[1] != "COORDINATED" || tab.Weight[0] != 5 || tab.FirstAt[0] != &at || tab.LastAt[1] != nil {
		t.Errorf("columns %+v", tab)
	}

	net.Edges = append(net.Edges, NetworkEdge{ID: "AMPLIFIED:x->s", Source: "x", Target: "s"})
	if _, err := net.EdgeTable(); err == nil || !strings.Contains(err.Error(), "AMPLIFIED:x->s") {
		t.Errorf("an edge from a node not in the network: err %v, want one naming the edge", err)
	}
}

// NodeTable keeps the nodes' order (edge tables name nodes by place) and
// writes an empty object, not null, for a node without properties.
func TestNodeTable(t *testing.T) {
	p := PlatformTwitter
	net := Network{Nodes: []NetworkNode{
		{ID: "s", Kind: "Account", Label: "@s", Platform: &p, Properties: map[string]any{"hop": 0}},
		{ID: "a", Kind: "Account", Label: "a"},
	}}
	tab := net.NodeTable()
	if len(tab.ID) != 2 || tab.ID[0] != "s" || tab.ID[1] != "a" || tab.Label[0] != "@s" || tab.Kind[1] != "Account" {
		t.Errorf("columns %+v", tab)
	}
	if tab.Platform[0] != &p || tab.Platform[1] != nil {
		t.Errorf("platforms %v", tab.Platform)
	}
	if tab.Properties[0]["hop"] != 0 || tab.Properties[1] == nil || len(tab.Properties[1]) != 0 {
		t.Errorf("properties %v", tab.Properties)
	}
}
