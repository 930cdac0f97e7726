package export

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/iograph/iograph/internal/model"
)

// GraphML 1.0 as yEd, Gephi, networkx and igraph read it. Keys come before
// the graph (the schema's order). Every COORDINATED edge says
// directed="false"; the graph is edgedefault="undirected" when all edges are
// (a coordination network), else edgedefault="directed". yEd and Gephi
// honour directed="false" per edge in a directed graph; networkx refuses
// such a mixed file ("directed=false edge found in directed graph") and
// igraph reads every edge of it as directed, since neither holds mixed
// graphs. Meta goes into the graph's <desc>: graph-level <key for="graph">
// would be the structured choice, but Gephi's importer reports every such
// key as a severe error.
//
// Key ids are synthetic ("n0"…, "e0"…) because attr.name may hold characters
// an NMTOKEN id cannot, and because yEd's default ids d3 and d7 mean "label"
// to Gephi. Gephi maps the keys named label (node, edge) and weight (edge)
// onto its own label and weight columns.
const (
	graphmlNS     = "http://graphml.graphdrawing.org/xmlns"
	graphmlSchema = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
)

type graphmlKey struct {
	XMLName xml.Name `xml:"key"`
	ID      string   `xml:"id,attr"`
	For     string   `xml:"for,attr"`
	Name    string   `xml:"attr.name,attr"`
	Type    string   `xml:"attr.type,attr"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphmlNode struct {
	XMLName xml.Name      `xml:"node"`
	ID      string        `xml:"id,attr"`
	Data    []graphmlData `xml:"data"`
}

type graphmlEdge struct {
	XMLName  xml.Name      `xml:"edge"`
	ID       string        `xml:"id,attr"`
	Source   string        `xml:"source,attr"`
	Target   string        `xml:"target,attr"`
	Directed string        `xml:"directed,attr,omitempty"`
	Data     []graphmlData `xml:"data"`
}

func writeGraphML(w io.Writer, n model.Network, meta Meta) error {
	nodes, edges := nodeTable(n.Nodes), edgeTable(n.Edges)
	x := newXMLWriter(w)
	x.start("graphml", "xmlns", graphmlNS, "xmlns:xsi", xsiNS, "xsi:schemaLocation", graphmlSchema)

	// Fixed node keys first, then one per property column.
	x.element(graphmlKey{ID: "label", For: "node", Name: "label", Type: typeString.graphml()})
	x.element(graphmlKey{ID: "kind", For: "node", Name: "kind", Type: typeString.graphml()})
	x.element(graphmlKey{ID: "platform", For: "node", Name: "platform", Type: typeString.graphml()})
	nodeIDs := make(map[string]string, len(nodes.Cols))
	for i, c := range nodes.Cols {
		nodeIDs[c.Name] = "n" + itoa(i)
		x.element(graphmlKey{ID: nodeIDs[c.Name], For: "node", Name: c.Name, Type: c.Type.graphml()})
	}
	x.element(graphmlKey{ID: "edgekind", For: "edge", Name: "kind", Type: typeString.graphml()})
	x.element(graphmlKey{ID: "weight", For: "edge", Name: "weight", Type: typeDouble.graphml()})
	edgeIDs := make(map[string]string, len(edges.Cols))
	for i, c := range edges.Cols {
		edgeIDs[c.Name] = "e" + itoa(i)
		x.element(graphmlKey{ID: edgeIDs[c.Name], For: "edge", Name: c.Name, Type: c.Type.graphml()})
	}

	edgeDefault := "directed"
	if directionOf(n.Edges) == allUndirected {
		edgeDefault = "undirected"
	}
	x.start("graph", "id", "G", "edgedefault", edgeDefault)
	if lines := metaLines(n, meta); len(lines) > 0 {
		x.textElement("desc", strings.Join(lines, "\n"))
	}
	for i, nd := range n.Nodes {
		el := graphmlNode{ID: nd.ID, Data: []graphmlData{{Key: "label", Value: nd.Label}}}
		if nd.Kind != "" {
			el.Data = append(el.Data, graphmlData{Key: "kind", Value: nd.Kind})
		}
		if p := platformOf(nd); p != "" {
			el.Data = append(el.Data, graphmlData{Key: "platform", Value: p})
		}
		for _, c := range nodes.Cols {
			if v, ok := nodes.Rows[i][c.Name]; ok {
				el.Data = append(el.Data, graphmlData{Key: nodeIDs[c.Name], Value: text(v)})
			}
		}
		x.element(el)
	}
	for i, e := range n.Edges {
		el := graphmlEdge{ID: e.ID, Source: e.Source, Target: e.Target}
		if undirected(e) {
			el.Directed = "false"
		}
		if e.Kind != "" {
			el.Data = append(el.Data, graphmlData{Key: "edgekind", Value: e.Kind})
		}
		el.Data = append(el.Data, graphmlData{Key: "weight", Value: formatFloat(e.Weight)})
		for _, c := range edges.Cols {
			if v, ok := edges.Rows[i][c.Name]; ok {
				el.Data = append(el.Data, graphmlData{Key: edgeIDs[c.Name], Value: text(v)})
			}
		}
		x.element(el)
	}
	x.end("graph")
	x.end("graphml")
	x.flush()
	if x.err == nil {
		_, x.err = io.WriteString(w, "\n")
	}
	return x.err
}
