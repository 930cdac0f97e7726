package model

import (
	"fmt"
	"time"
)

// Network is a graph-shaped answer that maps straight onto Sigma.js /
// graphology ({key, attributes}) and Cytoscape.js ({data: {id, source,
// target}}): nodes and edges with stable ids, kinds, labels and weights.
type Network struct {
	Nodes     []NetworkNode
	Edges     []NetworkEdge
	Truncated bool
}

// NetworkNode is one node; ID is the account id, stable across queries.
type NetworkNode struct {
	ID         string
	Kind       string
	Label      string
	Platform   *Platform
	Properties map[string]any
}

// NetworkEdge is one relationship; ID is stable ("AMPLIFIED:a->b").
type NetworkEdge struct {
	ID         string
	Source     string
	Target     string
	Kind       string
	Weight     float64
	Properties map[string]any
	// FirstAt and LastAt bound the engagements an AMPLIFIED edge
	// aggregates (Properties holds them too, as firstAt and lastAt); the
	// edge table's columns read them without parsing.
	FirstAt, LastAt *time.Time
}

// NetworkEdgeTable is a network's edges as columns, for drawings of
// thousands of edges: each edge as an object costs the GraphQL executor a
// goroutine and a field context per field, and the browser an object to
// parse; columns of numbers cost neither.
type NetworkEdgeTable struct {
	Source, Target  []int
	Kind            []string
	Weight          []float64
	FirstAt, LastAt []*time.Time
}

// NetworkNodeTable is a network's nodes as columns, for the same reason as
// NetworkEdgeTable: no goroutine, field context or object per node.
type NetworkNodeTable struct {
	ID, Kind, Label []string
	Platform        []*Platform
	Properties      []map[string]any
}

// NodeTable lays the nodes out as columns, in their order.
func (n *Network) NodeTable() *NetworkNodeTable {
	k := len(n.Nodes)
	t := &NetworkNodeTable{ID: make([]string, k), Kind: make([]string, k), Label: make([]string, k),
		Platform: make([]*Platform, k), Properties: make([]map[string]any, k)}
	for i, node := range n.Nodes {
		t.ID[i], t.Kind[i], t.Label[i], t.Platform[i], t.Properties[i] = node.ID, node.Kind, node.Label, node.Platform, node.Properties
		if t.Properties[i] == nil {
			t.Properties[i] = map[string]any{} // the column's entries are non-null, as NetworkNode.properties is
		}
	}
	return t
}

// EdgeTable lays the edges out as columns, ends as positions in Nodes. An
// edge whose end is not among the nodes cannot be drawn and is an error
// of whoever built the network.
func (n *Network) EdgeTable() (*NetworkEdgeTable, error) {
	pos := make(map[string]int, len(n.Nodes))
	for i, node := range n.Nodes {
		pos[node.ID] = i
	}
	k := len(n.Edges)
	t := &NetworkEdgeTable{Source: make([]int, k), Target: make([]int, k), Kind: make([]string, k),
		Weight: make([]float64, k), FirstAt: make([]*time.Time, k), LastAt: make([]*time.Time, k)}
	for i, e := range n.Edges {
		s, ok1 := pos[e.Source]
		d, ok2 := pos[e.Target]
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("edge table: edge %s has an end that is not a node of the network", e.ID)
		}
		t.Source[i], t.Target[i], t.Kind[i], t.Weight[i], t.FirstAt[i], t.LastAt[i] = s, d, e.Kind, e.Weight, e.FirstAt, e.LastAt
	}
	return t, nil
}
