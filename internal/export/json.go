package export

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/iograph/iograph/internal/model"
)

// jsonDoc is the JSON format (see the JSON constant): a graphology
// serialized graph plus Cytoscape.js "elements". options.type follows the
// edges (see jsonGraphType); options.multi is true only when two edges join
// the same nodes in the same way, which a simple graphology graph refuses.
// graph.import() reads only attributes, nodes and edges, and Cytoscape only
// elements, so neither trips over the other's half.
type jsonDoc struct {
	Attributes map[string]any `json:"attributes"`
	Options    jsonOptions    `json:"options"`
	Nodes      []jsonNode     `json:"nodes"`
	Edges      []jsonEdge     `json:"edges"`
	Elements   jsonElements   `json:"elements"`
}

type jsonOptions struct {
	Type           string `json:"type"`
	Multi          bool   `json:"multi"`
	AllowSelfLoops bool   `json:"allowSelfLoops"`
}

type jsonNode struct {
	Key        string         `json:"key"`
	Attributes map[string]any `json:"attributes"`
}

type jsonEdge struct {
	Key        string         `json:"key"`
	Source     string         `json:"source"`
	Target     string         `json:"target"`
	Undirected bool           `json:"undirected,omitempty"`
	Attributes map[string]any `json:"attributes"`
}

type jsonElements struct {
	Nodes []cyElement `json:"nodes"`
	Edges []cyElement `json:"edges"`
}

type cyElement struct {
	Data map[string]any `json:"data"`
}

func writeJSON(w io.Writer, n model.Network, meta Meta) error {
	nodes, edges := nodeTable(n.Nodes), edgeTable(n.Edges)
	doc := jsonDoc{
		Attributes: map[string]any{"creator": "iograph", "truncated": n.Truncated},
		Options:    jsonOptions{Type: jsonGraphType(n.Edges), Multi: hasParallelEdges(n.Edges), AllowSelfLoops: true},
		Nodes:      make([]jsonNode, 0, len(n.Nodes)),
		Edges:      make([]jsonEdge, 0, len(n.Edges)),
		Elements:   jsonElements{Nodes: make([]cyElement, 0, len(n.Nodes)), Edges: make([]cyElement, 0, len(n.Edges))},
	}
	for k, v := range map[string]string{"title": meta.Title, "description": meta.Description, "source": meta.Source} {
		if v != "" {
			doc.Attributes[k] = v
		}
	}
	if !meta.Created.IsZero() {
		doc.Attributes["created"] = meta.Created.UTC().Format(time.RFC3339)
	}

	for i, x := range n.Nodes {
		attrs := map[string]any{"label": x.Label}
		if x.Kind != "" {
			attrs["kind"] = x.Kind
		}
		if p := platformOf(x); p != "" {
			attrs["platform"] = p
		}
		for k, v := range nodes.Rows[i] {
			attrs[k] = v
		}
		data := map[string]any{"id": x.ID}
		for k, v := range attrs {
			data[k] = v
		}
		doc.Nodes = append(doc.Nodes, jsonNode{Key: x.ID, Attributes: attrs})
		doc.Elements.Nodes = append(doc.Elements.Nodes, cyElement{Data: data})
	}
	for i, e := range n.Edges {
		attrs := map[string]any{"weight": e.Weight}
		if e.Kind != "" {
			attrs["kind"] = e.Kind
		}
		for k, v := range edges.Rows[i] {
			attrs[k] = v
		}
		data := map[string]any{"id": e.ID, "source": e.Source, "target": e.Target, "directed": !undirected(e)}
		for k, v := range attrs {
			data[k] = v
		}
		doc.Edges = append(doc.Edges, jsonEdge{Key: e.ID, Source: e.Source, Target: e.Target, Undirected: undirected(e), Attributes: attrs})
		doc.Elements.Edges = append(doc.Elements.Edges, cyElement{Data: data})
	}

	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // labels stay readable: "&" rather than "\u0026"
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encode document: %w", err)
	}
	return nil
}

// jsonGraphType is graphology's graph type for the edges: "undirected" for a
// coordination network, so graphology's metrics (degree, betweenness,
// Louvain) treat each co-sharing link once; "directed" when every edge has a
// direction; "mixed" for both kinds, or for no edge, since a mixed graph
// accepts whatever edges the user adds later. Each undirected edge keeps
// "undirected": true, as graphology's own export writes it and as a mixed
// graph needs it.
func jsonGraphType(edges []model.NetworkEdge) string {
	switch directionOf(edges) {
	case allDirected:
		return "directed"
	case allUndirected:
		return "undirected"
	}
	return "mixed"
}

// hasParallelEdges reports whether two edges join the same nodes in the same
// way (same direction, or both undirected whichever way round).
func hasParallelEdges(edges []model.NetworkEdge) bool {
	type pair struct {
		a, b       string
		undirected bool
	}
	seen := make(map[pair]bool, len(edges))
	for _, e := range edges {
		p := pair{e.Source, e.Target, undirected(e)}
		if p.undirected && p.b < p.a {
			p.a, p.b = p.b, p.a
		}
		if seen[p] {
			return true
		}
		seen[p] = true
	}
	return false
}
