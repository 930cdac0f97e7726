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
