package model

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
}
