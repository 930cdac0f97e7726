package export

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/iograph/iograph/internal/model"
)

// GEXF 1.3 as Gephi 0.9.3+ and networkx's read_gexf read it. The schema
// (gexf.xsd) fixes the order meta → graph and, inside graph, attributes →
// nodes → edges. It allows defaultedgetype only as directed, undirected or
// mutual, and Gephi logs a severe issue for anything else. Every COORDINATED
// edge says type="undirected"; the default is "undirected" when all edges are
// (a coordination network), else "directed". A network with both kinds is
// thus directed with undirected edges in it, which Gephi reads but networkx
// refuses ("Undirected edge found in directed graph": it holds no mixed
// graphs). Edge kind (AMPLIFIED, COORDINATED) goes into the 1.3 edge "kind"
// attribute, which Gephi uses to keep parallel edges of different kinds
// apart, and into the label, which is where networkx shows it.
const (
	gexfNS     = "http://gexf.net/1.3"
	gexfSchema = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
	xsiNS      = "http://www.w3.org/2001/XMLSchema-instance"

	// gexfTimeFormat is the graph's timeformat when edges carry time
	// spans. It is "date", not "dateTime", although start and end hold full
	// instants, because:
	//
	//   - networkx (3.6.1, readwrite/gexf.py) converts start/end with a
	//     table of attribute types in which "dateTime" has no entry, so
	//     read_gexf fails with KeyError: 'dateTime'. It maps "date" to its
	//     string type, keeping our instants as text (fixed-width UTC, so
	//     they sort), and would read "double" or "integer" as numbers.
	//   - Gephi (graphstore's TimeFormat) parses start/end with the same ISO
	//     date-time parser for "date" as for "dateTime", so every interval
	//     keeps its millisecond instant and the timeline filters on it; only
	//     its labels print the day (yyyy-MM-dd). "double" would make the
	//     timeline show epoch milliseconds instead of dates.
	//   - The 1.3 schema allows "date" and types start/end as a union of
	//     xs:integer, xs:double, xs:date and xs:dateTime, so the file stays
	//     valid.
	//
	// The exact times are not lost in Gephi's labels either: every edge also
	// carries firstAt and lastAt as attributes.
	gexfTimeFormat = "date"
	gexfTimeForm   = "2006-01-02T15:04:05.000Z07:00" // xs:dateTime, millisecond precision as Gephi stores it
)

type gexfAttribute struct {
	XMLName xml.Name `xml:"attribute"`
	ID      string   `xml:"id,attr"`
	Title   string   `xml:"title,attr"`
	Type    string   `xml:"type,attr"`
}

type gexfAttValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfNode struct {
	XMLName   xml.Name       `xml:"node"`
	ID        string         `xml:"id,attr"`
	Label     string         `xml:"label,attr"`
	AttValues []gexfAttValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	XMLName   xml.Name       `xml:"edge"`
	ID        string         `xml:"id,attr"`
	Source    string         `xml:"source,attr"`
	Target    string         `xml:"target,attr"`
	Type      string         `xml:"type,attr,omitempty"`
	Kind      string         `xml:"kind,attr,omitempty"`
	Label     string         `xml:"label,attr,omitempty"`
	Weight    string         `xml:"weight,attr"`
	Start     string         `xml:"start,attr,omitempty"`
	End       string         `xml:"end,attr,omitempty"`
	AttValues []gexfAttValue `xml:"attvalues>attvalue"`
}

// writeGEXF encodes element by element instead of building a document tree.
// Attribute ids are "n0", "n1"… and "e0"…: Gephi uses the id as the column
// id, so short synthetic ids cannot clash with its built-in id, label and
// weight columns, while the title carries the readable name.
func writeGEXF(w io.Writer, n model.Network, meta Meta) error {
	nodes, edges := nodeTable(n.Nodes), edgeTable(n.Edges)
	spans := make([]span, len(n.Edges))
	dynamic := false
	for i, e := range n.Edges {
		spans[i] = edgeSpan(e)
		dynamic = dynamic || !spans[i].Start.IsZero() || !spans[i].End.IsZero()
	}

	x := newXMLWriter(w)
	x.start("gexf", "xmlns", gexfNS, "xmlns:xsi", xsiNS, "xsi:schemaLocation", gexfSchema, "version", "1.3")

	metaAttrs := []string{}
	if !meta.Created.IsZero() {
		metaAttrs = append(metaAttrs, "lastmodifieddate", meta.Created.UTC().Format("2006-01-02"))
	}
	x.start("meta", metaAttrs...)
	x.textElement("creator", "iograph")
	if lines := metaLines(n, meta); len(lines) > 0 {
		x.textElement("description", strings.Join(lines, "\n"))
	}
	x.end("meta")

	defaultType := "directed"
	if directionOf(n.Edges) == allUndirected {
		defaultType = "undirected"
	}
	graphAttrs := []string{"defaultedgetype", defaultType, "mode", "static"}
	if dynamic {
		graphAttrs = []string{"defaultedgetype", defaultType, "mode", "dynamic", "timeformat", gexfTimeFormat}
	}
	x.start("graph", graphAttrs...)

	// Node columns: the node type and platform, then the properties.
	x.start("attributes", "class", "node")
	x.element(gexfAttribute{ID: "kind", Title: "kind", Type: typeString.gexf()})
	x.element(gexfAttribute{ID: "platform", Title: "platform", Type: typeString.gexf()})
	nodeIDs := make(map[string]string, len(nodes.Cols))
	for i, c := range nodes.Cols {
		nodeIDs[c.Name] = "n" + itoa(i)
		x.element(gexfAttribute{ID: nodeIDs[c.Name], Title: c.Name, Type: c.Type.gexf()})
	}
	x.end("attributes")
	x.start("attributes", "class", "edge")
	edgeIDs := make(map[string]string, len(edges.Cols))
	for i, c := range edges.Cols {
		edgeIDs[c.Name] = "e" + itoa(i)
		x.element(gexfAttribute{ID: edgeIDs[c.Name], Title: c.Name, Type: c.Type.gexf()})
	}
	x.end("attributes")

	x.start("nodes")
	for i, nd := range n.Nodes {
		el := gexfNode{ID: nd.ID, Label: nd.Label}
		if nd.Kind != "" {
			el.AttValues = append(el.AttValues, gexfAttValue{For: "kind", Value: nd.Kind})
		}
		if p := platformOf(nd); p != "" {
			el.AttValues = append(el.AttValues, gexfAttValue{For: "platform", Value: p})
		}
		for _, c := range nodes.Cols {
			if v, ok := nodes.Rows[i][c.Name]; ok {
				el.AttValues = append(el.AttValues, gexfAttValue{For: nodeIDs[c.Name], Value: text(v)})
			}
		}
		x.element(el)
	}
	x.end("nodes")

	x.start("edges")
	for i, e := range n.Edges {
		el := gexfEdge{ID: e.ID, Source: e.Source, Target: e.Target, Kind: e.Kind, Label: e.Kind, Weight: formatFloat(e.Weight)}
		if undirected(e) {
			el.Type = "undirected"
		}
		if !spans[i].Start.IsZero() {
			el.Start = spans[i].Start.UTC().Format(gexfTimeForm)
		}
		if !spans[i].End.IsZero() {
			el.End = spans[i].End.UTC().Format(gexfTimeForm)
		}
		for _, c := range edges.Cols {
			if v, ok := edges.Rows[i][c.Name]; ok {
				el.AttValues = append(el.AttValues, gexfAttValue{For: edgeIDs[c.Name], Value: text(v)})
			}
		}
		x.element(el)
	}
	x.end("edges")

	x.end("graph")
	x.end("gexf")
	x.flush()
	if x.err == nil {
		_, x.err = io.WriteString(w, "\n")
	}
	return x.err
}
