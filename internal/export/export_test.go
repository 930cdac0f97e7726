package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/golden"
	"github.com/iograph/iograph/internal/model"
)

// parsed is what a test reader recovers from one file, independent of the
// format: the declared attribute types (by column name) and the elements.
type parsed struct {
	NodeTypes, EdgeTypes map[string]string // generic type names
	Nodes                []canonNode
	Edges                []canonEdge
	Spans                map[string][2]string // GEXF only
}

// reader parses one format's output and fails t on anything the format's
// specification forbids.
type reader func(t *testing.T, out []byte) parsed

var readers = map[Format]reader{GEXF: readGEXF, GraphML: readGraphML, CSV: readCSV, JSON: readJSON}

func write(t *testing.T, f Format, n model.Network, meta Meta) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, n, meta); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			got := readers[f](t, write(t, f, testNetwork(), testMeta))
			checkGraph(t, got)

			if got.NodeTypes != nil { // CSV and JSON carry no declarations
				checkTypes(t, "node", got.NodeTypes, wantNodeTypes)
				checkTypes(t, "edge", got.EdgeTypes, wantEdgeTypes)
			}
			want := wantNodes
			if f == CSV { // the formula-like label is defused, nothing else changes
				want = append([]canonNode(nil), wantNodes...)
				want[1].Label = "'" + want[1].Label
			}
			if !reflect.DeepEqual(got.Nodes, want) {
				t.Errorf("nodes differ\n got %+v\nwant %+v", got.Nodes, want)
			}
			if !reflect.DeepEqual(got.Edges, wantEdges) {
				t.Errorf("edges differ\n got %+v\nwant %+v", got.Edges, wantEdges)
			}
			if f == GEXF && !reflect.DeepEqual(got.Spans, wantSpans) {
				t.Errorf("spans differ\n got %v\nwant %v", got.Spans, wantSpans)
			}
		})
	}
}

func TestEmptyNetwork(t *testing.T) {
	for _, f := range Formats {
		for name, n := range map[string]model.Network{"zero": {}, "empty slices": {Nodes: []model.NetworkNode{}, Edges: []model.NetworkEdge{}}} {
			t.Run(string(f)+"/"+name, func(t *testing.T) {
				got := readers[f](t, write(t, f, n, Meta{}))
				if len(got.Nodes) != 0 || len(got.Edges) != 0 {
					t.Errorf("got %d nodes, %d edges, want none", len(got.Nodes), len(got.Edges))
				}
			})
		}
	}
}

func TestGolden(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			out := write(t, f, testNetwork(), testMeta)
			if again := write(t, f, testNetwork(), testMeta); !bytes.Equal(out, again) {
				t.Fatalf("two exports of the same network differ")
			}
			switch f {
			case CSV: // compare the files, not the compressed archive
				files := unzip(t, out)
				golden.File(t, "network.nodes.csv", files["nodes.csv"])
				golden.File(t, "network.edges.csv", files["edges.csv"])
			case JSON:
				golden.JSON(t, "network", out)
			default:
				golden.File(t, "network"+f.Extension(), out)
			}
		})
	}
}

// checkGraph checks what every format needs: unique node and edge ids and
// edges whose ends are nodes.
func checkGraph(t *testing.T, p parsed) {
	t.Helper()
	nodes := map[string]bool{}
	for _, n := range p.Nodes {
		if n.ID == "" || nodes[n.ID] {
			t.Errorf("node id %q empty or repeated", n.ID)
		}
		nodes[n.ID] = true
	}
	edges := map[string]bool{}
	for _, e := range p.Edges {
		if e.ID == "" || edges[e.ID] {
			t.Errorf("edge id %q empty or repeated", e.ID)
		}
		edges[e.ID] = true
		if !nodes[e.Source] || !nodes[e.Target] {
			t.Errorf("edge %q joins %q and %q, not both nodes", e.ID, e.Source, e.Target)
		}
	}
}

func checkTypes(t *testing.T, class string, got, want map[string]string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s attribute types\n got %v\nwant %v", class, got, want)
	}
}

// checkValue fails when a value is not valid for its declared type.
func checkValue(t *testing.T, typ, v string) {
	t.Helper()
	var err error
	switch typ {
	case "integer", "int":
		_, err = strconv.ParseInt(v, 10, 32)
	case "long":
		_, err = strconv.ParseInt(v, 10, 64)
	case "double", "float":
		_, err = strconv.ParseFloat(v, 64)
	case "boolean":
		if v != "true" && v != "false" {
			err = errors.New("not true or false")
		}
	}
	if err != nil {
		t.Errorf("value %q is not a valid %s: %v", v, typ, err)
	}
}

// childOrder lists the local names of the element children of the first
// element called parent, in document order.
func childOrder(t *testing.T, doc []byte, parent string) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	depth, inside := 0, -1
	var names []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatalf("XML is not well-formed: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			depth++
			if inside < 0 && x.Name.Local == parent {
				inside = depth
			} else if inside > 0 && depth == inside+1 {
				names = append(names, x.Name.Local)
			}
		case xml.EndElement:
			if depth == inside {
				return names
			}
			depth--
		}
	}
}

// checkNamespace fails when any element lies outside ns.
func checkNamespace(t *testing.T, doc []byte, ns string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("XML is not well-formed: %v", err)
		}
		if s, ok := tok.(xml.StartElement); ok && s.Name.Space != ns {
			t.Fatalf("<%s> is in namespace %q, want %q", s.Name.Local, s.Name.Space, ns)
		}
	}
}

func schemaLocation(attrs []xml.Attr) string {
	for _, a := range attrs {
		if a.Name.Space == "http://www.w3.org/2001/XMLSchema-instance" && a.Name.Local == "schemaLocation" {
			return a.Value
		}
	}
	return ""
}

// ---- GEXF ----

type gexfDoc struct {
	XMLName xml.Name   `xml:"gexf"`
	Attrs   []xml.Attr `xml:",any,attr"`
	Version string     `xml:"version,attr"`
	Meta    *struct {
		LastModified string `xml:"lastmodifieddate,attr"`
		Creator      string `xml:"creator"`
		Description  string `xml:"description"`
	} `xml:"meta"`
	Graph struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Mode            string `xml:"mode,attr"`
		TimeFormat      string `xml:"timeformat,attr"`
		Attributes      []struct {
			Class     string `xml:"class,attr"`
			Attribute []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes *struct {
			Node []struct {
				ID        string          `xml:"id,attr"`
				Label     string          `xml:"label,attr"`
				AttValues []gexfTestValue `xml:"attvalues>attvalue"`
			} `xml:"node"`
		} `xml:"nodes"`
		Edges *struct {
			Edge []struct {
				ID        string          `xml:"id,attr"`
				Source    string          `xml:"source,attr"`
				Target    string          `xml:"target,attr"`
				Type      string          `xml:"type,attr"`
				Kind      string          `xml:"kind,attr"`
				Label     string          `xml:"label,attr"`
				Weight    string          `xml:"weight,attr"`
				Start     string          `xml:"start,attr"`
				End       string          `xml:"end,attr"`
				AttValues []gexfTestValue `xml:"attvalues>attvalue"`
			} `xml:"edge"`
		} `xml:"edges"`
	} `xml:"graph"`
}

type gexfTestValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// gexfTypes is the attrtype-type enumeration of the GEXF 1.3 data.xsd.
var gexfTypes = map[string]bool{"integer": true, "long": true, "double": true, "float": true, "boolean": true,
	"bigdecimal": true, "biginteger": true, "byte": true, "char": true, "short": true, "string": true, "anyURI": true,
	"liststring": true, "listboolean": true, "listinteger": true, "listlong": true, "listfloat": true,
	"listdouble": true, "listbyte": true, "listshort": true, "listbigdecimal": true, "listbiginteger": true, "listchar": true}

func readGEXF(t *testing.T, out []byte) parsed {
	t.Helper()
	const ns = "http://gexf.net/1.3"
	checkNamespace(t, out, ns)
	var doc gexfDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("GEXF does not parse: %v", err)
	}
	if doc.XMLName.Space != ns || doc.Version != "1.3" {
		t.Errorf("root is {%s}gexf version %q, want {%s}gexf version 1.3", doc.XMLName.Space, doc.Version, ns)
	}
	if loc := schemaLocation(doc.Attrs); loc != ns+" http://gexf.net/1.3/gexf.xsd" {
		t.Errorf("xsi:schemaLocation = %q", loc)
	}
	// gexf.xsd: meta? then graph; graph: attributes* then nodes then edges.
	if order := strings.Join(childOrder(t, out, "gexf"), ","); order != "meta,graph" {
		t.Errorf("<gexf> children %s, want meta,graph", order)
	}
	order := strings.Join(childOrder(t, out, "graph"), ",")
	if order != "attributes,attributes,nodes,edges" {
		t.Errorf("<graph> children %s, want attributes,attributes,nodes,edges", order)
	}
	if doc.Meta == nil || doc.Meta.Creator != "iograph" {
		t.Errorf("meta creator missing")
	}
	if doc.Meta != nil && doc.Meta.LastModified != "" {
		if _, err := time.Parse("2006-01-02", doc.Meta.LastModified); err != nil {
			t.Errorf("lastmodifieddate %q is not an xs:date", doc.Meta.LastModified)
		}
	}
	switch doc.Graph.DefaultEdgeType {
	case "directed", "undirected":
	default: // "mutual" is in the 1.3 schema, but Gephi only warns and we never write it
		t.Errorf("defaultedgetype %q, want directed or undirected", doc.Graph.DefaultEdgeType)
	}
	if doc.Graph.Nodes == nil || doc.Graph.Edges == nil {
		t.Fatalf("<nodes> or <edges> missing")
	}

	p := parsed{NodeTypes: map[string]string{}, EdgeTypes: map[string]string{}, Spans: map[string][2]string{}}
	decl := map[string]map[string][2]string{"node": {}, "edge": {}} // class → id → {title, type}
	for _, a := range doc.Graph.Attributes {
		types := map[string]map[string]string{"node": p.NodeTypes, "edge": p.EdgeTypes}[a.Class]
		if types == nil {
			t.Fatalf("attributes class %q", a.Class)
		}
		for _, at := range a.Attribute {
			if !gexfTypes[at.Type] {
				t.Errorf("attribute %q has type %q, not a GEXF 1.3 type", at.Title, at.Type)
			}
			if _, dup := decl[a.Class][at.ID]; dup || types[at.Title] != "" {
				t.Errorf("%s attribute %q/%q declared twice", a.Class, at.ID, at.Title)
			}
			decl[a.Class][at.ID] = [2]string{at.Title, at.Type}
			types[at.Title] = at.Type
		}
	}
	values := func(class string, vs []gexfTestValue) map[string]string {
		m := map[string]string{}
		for _, v := range vs {
			d, ok := decl[class][v.For]
			if !ok {
				t.Errorf("attvalue for undeclared %s attribute %q", class, v.For)
				continue
			}
			checkValue(t, d[1], v.Value)
			m[d[0]] = v.Value
		}
		return m
	}
	for _, n := range doc.Graph.Nodes.Node {
		p.Nodes = append(p.Nodes, canonNode{ID: n.ID, Label: n.Label, Attrs: values("node", n.AttValues)})
	}
	dynamic := doc.Graph.Mode == "dynamic"
	hasSpans := false
	for _, e := range doc.Graph.Edges.Edge {
		w, err := strconv.ParseFloat(e.Weight, 64)
		if err != nil {
			t.Errorf("edge %q weight %q: %v", e.ID, e.Weight, err)
		}
		if e.Type != "" && e.Type != "directed" && e.Type != "undirected" {
			t.Errorf("edge %q type %q", e.ID, e.Type)
		}
		if e.Label != e.Kind {
			t.Errorf("edge %q label %q, want its kind %q", e.ID, e.Label, e.Kind)
		}
		// Spans: xs:dateTime, start ≤ end, and only in a dynamic graph.
		var ts [2]time.Time
		for i, s := range []string{e.Start, e.End} {
			if s == "" {
				continue
			}
			hasSpans = true
			if ts[i], err = time.Parse(time.RFC3339Nano, s); err != nil {
				t.Errorf("edge %q time %q is not an xs:dateTime: %v", e.ID, s, err)
			}
		}
		if !ts[0].IsZero() && !ts[1].IsZero() && ts[1].Before(ts[0]) {
			t.Errorf("edge %q ends before it starts", e.ID)
		}
		p.Spans[e.ID] = [2]string{canonTime(ts[0]), canonTime(ts[1])}
		p.Edges = append(p.Edges, canonEdge{ID: e.ID, Source: e.Source, Target: e.Target, Kind: e.Kind, Weight: w,
			Undirected: e.Type == "undirected" || (e.Type == "" && doc.Graph.DefaultEdgeType == "undirected"),
			Attrs:      values("edge", e.AttValues)})
	}
	// "date", not "dateTime": networkx's read_gexf has no "dateTime" (see gexfTimeFormat).
	if hasSpans && (!dynamic || doc.Graph.TimeFormat != "date") {
		t.Errorf("edges have spans but graph mode=%q timeformat=%q", doc.Graph.Mode, doc.Graph.TimeFormat)
	}
	if !hasSpans && dynamic {
		t.Errorf("dynamic graph without spans")
	}
	return p
}

func canonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// ---- GraphML ----

type graphmlDoc struct {
	XMLName xml.Name   `xml:"graphml"`
	Attrs   []xml.Attr `xml:",any,attr"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		ID          string `xml:"id,attr"`
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string            `xml:"id,attr"`
			Data []graphmlTestData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID       string            `xml:"id,attr"`
			Source   string            `xml:"source,attr"`
			Target   string            `xml:"target,attr"`
			Directed string            `xml:"directed,attr"`
			Data     []graphmlTestData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type graphmlTestData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

var graphmlTypes = map[string]string{"boolean": "boolean", "int": "integer", "long": "long", "float": "double", "double": "double", "string": "string"}

func readGraphML(t *testing.T, out []byte) parsed {
	t.Helper()
	const ns = "http://graphml.graphdrawing.org/xmlns"
	checkNamespace(t, out, ns)
	var doc graphmlDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	if doc.XMLName.Space != ns {
		t.Errorf("root namespace %q", doc.XMLName.Space)
	}
	if loc := schemaLocation(doc.Attrs); loc != ns+" http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd" {
		t.Errorf("xsi:schemaLocation = %q", loc)
	}
	// graphml.xsd: desc?, key*, (graph|data)*.
	children := childOrder(t, out, "graphml")
	if len(children) == 0 || children[len(children)-1] != "graph" || strings.Count(strings.Join(children, ","), "graph") != 1 {
		t.Errorf("<graphml> children %v, want keys then one graph", children)
	}
	for _, c := range children[:max(0, len(children)-1)] {
		if c != "key" {
			t.Errorf("<graphml> child %q before <graph>", c)
		}
	}
	if (doc.Graph.EdgeDefault != "directed" && doc.Graph.EdgeDefault != "undirected") || doc.Graph.ID == "" {
		t.Errorf("graph id=%q edgedefault=%q", doc.Graph.ID, doc.Graph.EdgeDefault)
	}

	p := parsed{NodeTypes: map[string]string{}, EdgeTypes: map[string]string{}}
	keys := map[string][3]string{} // id → {for, name, type}
	for _, k := range doc.Keys {
		if _, dup := keys[k.ID]; dup {
			t.Errorf("key id %q repeated", k.ID)
		}
		generic, ok := graphmlTypes[k.Type]
		if !ok {
			t.Errorf("key %q type %q is not a GraphML type", k.ID, k.Type)
		}
		keys[k.ID] = [3]string{k.For, k.Name, k.Type}
		types := map[string]map[string]string{"node": p.NodeTypes, "edge": p.EdgeTypes}[k.For]
		if types == nil {
			t.Fatalf("key %q for=%q", k.ID, k.For)
		}
		if types[k.Name] != "" {
			t.Errorf("%s key %q declared twice", k.For, k.Name)
		}
		types[k.Name] = generic
	}
	data := func(class string, ds []graphmlTestData) map[string]string {
		m := map[string]string{}
		for _, d := range ds {
			k, ok := keys[d.Key]
			if !ok || k[0] != class {
				t.Errorf("data for %q, not a declared %s key", d.Key, class)
				continue
			}
			checkValue(t, k[2], d.Value)
			m[k[1]] = d.Value
		}
		return m
	}
	// label, weight and edge kind are structural in the canonical form.
	delete(p.NodeTypes, "label")
	if p.EdgeTypes["weight"] != "double" || p.EdgeTypes["kind"] != "string" {
		t.Errorf("edge keys weight/kind typed %q/%q", p.EdgeTypes["weight"], p.EdgeTypes["kind"])
	}
	delete(p.EdgeTypes, "weight")
	delete(p.EdgeTypes, "kind")
	for _, n := range doc.Graph.Nodes {
		m := data("node", n.Data)
		label := m["label"]
		delete(m, "label")
		p.Nodes = append(p.Nodes, canonNode{ID: n.ID, Label: label, Attrs: m})
	}
	for _, e := range doc.Graph.Edges {
		m := data("edge", e.Data)
		w, err := strconv.ParseFloat(m["weight"], 64)
		if err != nil {
			t.Errorf("edge %q weight: %v", e.ID, err)
		}
		if e.Directed != "" && e.Directed != "true" && e.Directed != "false" {
			t.Errorf("edge %q directed=%q", e.ID, e.Directed)
		}
		kind := m["kind"]
		delete(m, "weight")
		delete(m, "kind")
		p.Edges = append(p.Edges, canonEdge{ID: e.ID, Source: e.Source, Target: e.Target, Kind: kind, Weight: w,
			Undirected: e.Directed == "false" || (e.Directed == "" && doc.Graph.EdgeDefault == "undirected"), Attrs: m})
	}
	return p
}

// ---- CSV ----

func unzip(t *testing.T, out []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatalf("not a zip archive: %v", err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		files[f.Name] = b
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "nodes.csv,edges.csv" {
		t.Fatalf("archive holds %v, want nodes.csv, edges.csv", names)
	}
	return files
}

func readCSVFile(t *testing.T, name string, b []byte, wantHeader []string) ([]string, [][]string) {
	t.Helper()
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Errorf("%s starts with a byte-order mark", name)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll() // also checks every row has the header's width
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s has no header", name)
	}
	header := recs[0]
	if len(header) < len(wantHeader) || !reflect.DeepEqual(header[:len(wantHeader)], wantHeader) {
		t.Fatalf("%s header %v, want it to start %v", name, header, wantHeader)
	}
	return header, recs[1:]
}

func readCSV(t *testing.T, out []byte) parsed {
	t.Helper()
	files := unzip(t, out)
	return readCSVPair(t, files["nodes.csv"], files["edges.csv"])
}

func readCSVPair(t *testing.T, nodesCSV, edgesCSV []byte) parsed {
	t.Helper()
	var p parsed
	header, rows := readCSVFile(t, "nodes.csv", nodesCSV, []string{"Id", "Label", "Kind", "Platform"})
	for _, r := range rows {
		n := canonNode{ID: r[0], Label: r[1], Attrs: map[string]string{}}
		for i := 2; i < len(r); i++ {
			if r[i] != "" {
				n.Attrs[strings.ToLower(header[i][:1])+header[i][1:]] = r[i]
			}
		}
		p.Nodes = append(p.Nodes, n)
	}
	header, rows = readCSVFile(t, "edges.csv", edgesCSV, []string{"Id", "Source", "Target", "Type", "Kind", "Weight"})
	for _, r := range rows {
		if r[3] != "Directed" && r[3] != "Undirected" {
			t.Errorf("edge %q Type %q", r[0], r[3])
		}
		w, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			t.Errorf("edge %q Weight: %v", r[0], err)
		}
		e := canonEdge{ID: r[0], Source: r[1], Target: r[2], Undirected: r[3] == "Undirected", Kind: r[4], Weight: w, Attrs: map[string]string{}}
		for i := 6; i < len(r); i++ {
			if r[i] != "" {
				e.Attrs[header[i]] = r[i]
			}
		}
		p.Edges = append(p.Edges, e)
	}
	return p
}

func TestWriteCSVFiles(t *testing.T) {
	var nodes, edges bytes.Buffer
	if err := WriteCSVFiles(&nodes, &edges, testNetwork(), testMeta); err != nil {
		t.Fatal(err)
	}
	files := unzip(t, write(t, CSV, testNetwork(), testMeta))
	if !bytes.Equal(nodes.Bytes(), files["nodes.csv"]) || !bytes.Equal(edges.Bytes(), files["edges.csv"]) {
		t.Errorf("WriteCSVFiles and the zip's files differ")
	}
	checkGraph(t, readCSVPair(t, nodes.Bytes(), edges.Bytes()))

	zr, err := zip.NewReader(bytes.NewReader(write(t, CSV, testNetwork(), testMeta)), 1<<20)
	if err == nil && (!strings.Contains(zr.Comment, testMeta.Title) || !strings.Contains(zr.Comment, "Truncated")) {
		t.Errorf("zip comment %q lacks the title or the truncation note", zr.Comment)
	}
}

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"":              "",
		"plain":         "plain",
		"@handle_1.x":   "@handle_1.x",
		"-12.5":         "-12.5",
		"+3":            "+3",
		"=1+1":          "'=1+1",
		"@SUM(1+1)":     "'@SUM(1+1)",
		"-2+3+cmd|' /C": "'-2+3+cmd|' /C",
		"+cmd":          "'+cmd",
		"\tx":           "'\tx",
		"a=b":           "a=b",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}

// ---- JSON ----

func readJSON(t *testing.T, out []byte) parsed {
	t.Helper()
	var doc struct {
		Attributes map[string]any `json:"attributes"`
		Options    struct {
			Type           string `json:"type"`
			Multi          *bool  `json:"multi"`
			AllowSelfLoops *bool  `json:"allowSelfLoops"`
		} `json:"options"`
		Nodes []struct {
			Key        *string        `json:"key"`
			Attributes map[string]any `json:"attributes"`
		} `json:"nodes"`
		Edges []struct {
			Key        *string        `json:"key"`
			Source     *string        `json:"source"`
			Target     *string        `json:"target"`
			Undirected *bool          `json:"undirected"`
			Attributes map[string]any `json:"attributes"`
		} `json:"edges"`
		Elements struct {
			Nodes []struct {
				Data map[string]any `json:"data"`
			} `json:"nodes"`
			Edges []struct {
				Data map[string]any `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	// graphology: options; nodes and edges are arrays, never null.
	switch doc.Options.Type {
	case "directed", "undirected", "mixed":
	default:
		t.Errorf("options.type %q", doc.Options.Type)
	}
	if doc.Options.Multi == nil || doc.Options.AllowSelfLoops == nil {
		t.Errorf("options %+v", doc.Options)
	}
	if doc.Attributes["creator"] != "iograph" {
		t.Errorf("graph attributes %v", doc.Attributes)
	}
	raw := map[string]json.RawMessage{}
	_ = json.Unmarshal(out, &raw)
	for _, k := range []string{"nodes", "edges"} {
		if string(raw[k]) == "null" {
			t.Errorf("%s is null, graphology and Cytoscape want an array", k)
		}
	}
	if len(doc.Elements.Nodes) != len(doc.Nodes) || len(doc.Elements.Edges) != len(doc.Edges) {
		t.Fatalf("graphology has %d/%d nodes/edges, cytoscape %d/%d", len(doc.Nodes), len(doc.Edges), len(doc.Elements.Nodes), len(doc.Elements.Edges))
	}

	var p parsed
	for i, n := range doc.Nodes {
		if n.Key == nil {
			t.Fatalf("node %d has no key", i)
		}
		// Cytoscape's data is graphology's attributes plus the id.
		data := doc.Elements.Nodes[i].Data
		if data["id"] != *n.Key {
			t.Errorf("cytoscape node %d id %v, graphology key %q", i, data["id"], *n.Key)
		}
		delete(data, "id")
		if !reflect.DeepEqual(data, n.Attributes) {
			t.Errorf("node %q: cytoscape data %v, graphology attributes %v", *n.Key, data, n.Attributes)
		}
		attrs := jsonText(t, n.Attributes)
		label := attrs["label"]
		delete(attrs, "label")
		p.Nodes = append(p.Nodes, canonNode{ID: *n.Key, Label: label, Attrs: attrs})
	}
	for i, e := range doc.Edges {
		if e.Key == nil || e.Source == nil || e.Target == nil {
			t.Fatalf("edge %d lacks key, source or target", i)
		}
		undirected := e.Undirected != nil && *e.Undirected
		// graphology's import throws on an edge that the graph's type forbids.
		if (doc.Options.Type == "directed" && undirected) || (doc.Options.Type == "undirected" && !undirected) {
			t.Errorf("edge %q undirected=%v in a %s graph", *e.Key, undirected, doc.Options.Type)
		}
		data := doc.Elements.Edges[i].Data
		if data["id"] != *e.Key || data["source"] != *e.Source || data["target"] != *e.Target || data["directed"] != !undirected {
			t.Errorf("cytoscape edge %v does not match graphology edge %q", data, *e.Key)
		}
		for _, k := range []string{"id", "source", "target", "directed"} {
			delete(data, k)
		}
		if !reflect.DeepEqual(data, e.Attributes) {
			t.Errorf("edge %q: cytoscape data %v, graphology attributes %v", *e.Key, data, e.Attributes)
		}
		attrs := jsonText(t, e.Attributes)
		w, err := strconv.ParseFloat(attrs["weight"], 64)
		if err != nil {
			t.Errorf("edge %q weight: %v", *e.Key, err)
		}
		kind := attrs["kind"]
		delete(attrs, "weight")
		delete(attrs, "kind")
		p.Edges = append(p.Edges, canonEdge{ID: *e.Key, Source: *e.Source, Target: *e.Target, Kind: kind, Weight: w,
			Undirected: undirected, Attrs: attrs})
	}
	return p
}

// jsonText turns decoded JSON values into the canonical text; arrays, which
// the XML formats join with "|", are joined the same way.
func jsonText(t *testing.T, m map[string]any) map[string]string {
	t.Helper()
	out := map[string]string{}
	var str func(v any) string
	str = func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case json.Number:
			return x.String()
		case bool:
			return strconv.FormatBool(x)
		case []any:
			parts := make([]string, len(x))
			for i, e := range x {
				parts[i] = str(e)
			}
			return strings.Join(parts, "|")
		}
		t.Errorf("unexpected JSON value %#v", v)
		return ""
	}
	for k, v := range m {
		if v == nil {
			t.Errorf("attribute %q is null; missing values should be absent", k)
			continue
		}
		out[k] = str(v)
	}
	return out
}

func TestJSONMulti(t *testing.T) {
	n := model.Network{Nodes: []model.NetworkNode{{ID: "a"}, {ID: "b"}}}
	for _, tc := range []struct {
		name  string
		edges []model.NetworkEdge
		multi bool
	}{
		{"opposite directions", []model.NetworkEdge{{ID: "1", Source: "a", Target: "b", Kind: "AMPLIFIED"}, {ID: "2", Source: "b", Target: "a", Kind: "AMPLIFIED"}}, false},
		{"directed and undirected", []model.NetworkEdge{{ID: "1", Source: "a", Target: "b", Kind: "AMPLIFIED"}, {ID: "2", Source: "a", Target: "b", Kind: "COORDINATED"}}, false},
		{"same direction", []model.NetworkEdge{{ID: "1", Source: "a", Target: "b", Kind: "AMPLIFIED"}, {ID: "2", Source: "a", Target: "b", Kind: "SAME_AS"}}, true},
		{"undirected either way round", []model.NetworkEdge{{ID: "1", Source: "a", Target: "b", Kind: "COORDINATED"}, {ID: "2", Source: "b", Target: "a", Kind: "COORDINATED"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n.Edges = tc.edges
			var doc struct {
				Options struct{ Multi bool } `json:"options"`
			}
			if err := json.Unmarshal(write(t, JSON, n, Meta{}), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Options.Multi != tc.multi {
				t.Errorf("multi = %v, want %v", doc.Options.Multi, tc.multi)
			}
		})
	}
}

// ---- API ----

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Format
		ok   bool
	}{
		{"gexf", GEXF, true}, {"GraphML", GraphML, true}, {" csv ", CSV, true}, {"JSON", JSON, true},
		{"", "", false}, {"xlsx", "", false}, {"gexf1.3", "", false},
	} {
		got, err := ParseFormat(tc.in)
		if tc.ok && (err != nil || got != tc.want) {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if !tc.ok {
			if err == nil {
				t.Errorf("ParseFormat(%q) = %q, want an error", tc.in, got)
				continue
			}
			if apperr.KindOf(err) != apperr.BadInput || !strings.Contains(err.Error(), "gexf, graphml, csv, json") {
				t.Errorf("ParseFormat(%q) error %q (kind %s) should be BAD_INPUT and list the formats", tc.in, err, apperr.KindOf(err))
			}
		}
	}
}

func TestFormatNames(t *testing.T) {
	want := map[Format][2]string{
		GEXF: {"application/gexf+xml", ".gexf"}, GraphML: {"application/graphml+xml", ".graphml"},
		CSV: {"application/zip", ".zip"}, JSON: {"application/json", ".json"},
	}
	for _, f := range Formats {
		if got := [2]string{f.ContentType(), f.Extension()}; got != want[f] {
			t.Errorf("%s: content type, extension = %v, want %v", f, got, want[f])
		}
	}
	if err := Write(io.Discard, "pdf", model.Network{}, Meta{}); apperr.KindOf(err) != apperr.BadInput {
		t.Errorf("Write(pdf) error %v, want BAD_INPUT", err)
	}
}

func TestWriteRejectsBrokenNetworks(t *testing.T) {
	node := func(id string) model.NetworkNode { return model.NetworkNode{ID: id} }
	edge := func(id, s, t string) model.NetworkEdge {
		return model.NetworkEdge{ID: id, Source: s, Target: t, Kind: "AMPLIFIED", Weight: 1}
	}
	for _, tc := range []struct {
		name, want string
		n          model.Network
	}{
		{"empty node id", "empty id", model.Network{Nodes: []model.NetworkNode{node("")}}},
		{"repeated node", `"a" appears twice`, model.Network{Nodes: []model.NetworkNode{node("a"), node("a")}}},
		{"repeated edge", `"e" appears twice`, model.Network{Nodes: []model.NetworkNode{node("a"), node("b")},
			Edges: []model.NetworkEdge{edge("e", "a", "b"), edge("e", "b", "a")}}},
		{"dangling target", `target "zz"`, model.Network{Nodes: []model.NetworkNode{node("a")},
			Edges: []model.NetworkEdge{edge("e", "a", "zz")}}},
		{"NaN weight", "not a finite number", model.Network{Nodes: []model.NetworkNode{node("a")},
			Edges: []model.NetworkEdge{{ID: "e", Source: "a", Target: "a", Weight: math.NaN()}}}},
	} {
		for _, f := range Formats {
			err := Write(io.Discard, f, tc.n, Meta{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "export "+string(f)) {
				t.Errorf("%s/%s: error %v, want one naming the format and containing %q", tc.name, f, err, tc.want)
			}
		}
	}
}

func TestTypeInference(t *testing.T) {
	type named string
	ts := time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("X", -3600))
	for _, tc := range []struct {
		name   string
		values []any
		want   string // GEXF type
		texts  []string
	}{
		{"ints", []any{1, int64(2), int32(3), uint8(4)}, "integer", []string{"1", "2", "3", "4"}},
		{"wide ints", []any{1, int64(math.MaxInt32) + 1}, "long", []string{"1", "2147483648"}},
		{"ints and floats", []any{1, 2.5, float32(0.5)}, "double", []string{"1", "2.5", "0.5"}},
		{"big float stays plain", []any{1234567.0, 1e-9}, "double", []string{"1234567", "1e-09"}},
		{"bools", []any{true, false}, "boolean", []string{"true", "false"}},
		{"bool and int", []any{true, 1}, "string", []string{"true", "1"}},
		{"all missing", []any{nil, math.Inf(1), time.Time{}}, "string", []string{"", "", ""}},
		{"times", []any{ts, &ts}, "string", []string{"2024-01-02T04:04:05.000000006Z", "2024-01-02T04:04:05.000000006Z"}},
		{"lists", []any{[]any{"a", 1, nil}, []string{"b"}}, "string", []string{"a|1", "b"}},
		{"named string and pointers", []any{named("x"), new(int), (*string)(nil)}, "string", []string{"x", "0", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			props := make([]map[string]any, len(tc.values))
			for i, v := range tc.values {
				props[i] = map[string]any{"p": v}
			}
			tab := buildTable(props, nodeReserved)
			if len(tab.Cols) != 1 || tab.Cols[0].Type.gexf() != tc.want {
				t.Fatalf("columns %+v, want one of type %s", tab.Cols, tc.want)
			}
			for i, want := range tc.texts {
				v, ok := tab.Rows[i]["p"]
				got := ""
				if ok {
					got = text(v)
				}
				if got != want || ok != (want != "") {
					t.Errorf("value %d (%#v) = %q (present %v), want %q", i, tc.values[i], got, ok, want)
				}
			}
		})
	}
}

func TestRenaming(t *testing.T) {
	tab := buildTable([]map[string]any{{"kind": "page", "prop_kind": 1, "Label": "x", "id": "y", "parent": "p", "ok": 1}}, nodeReserved)
	var names []string
	for _, c := range tab.Cols {
		names = append(names, c.Key+"→"+c.Name)
	}
	want := "ok→ok,Label→prop_Label,id→prop_id,prop_kind→prop_kind,parent→prop_parent,kind→prop_prop_kind"
	if got := strings.Join(names, ","); got != want {
		t.Errorf("renamed %s\nwant    %s", got, want)
	}
}

// XML 1.0 cannot hold most control characters; encoding/xml replaces them
// with U+FFFD so the file still parses, and a line break in a label survives.
func TestXMLControlCharacters(t *testing.T) {
	n := model.Network{Nodes: []model.NetworkNode{{ID: "a", Label: "bad\x00\x1bchars\nsecond line"}}}
	for _, f := range []Format{GEXF, GraphML} {
		got := readers[f](t, write(t, f, n, Meta{}))
		if len(got.Nodes) != 1 || got.Nodes[0].Label != "bad\uFFFD\uFFFDchars\nsecond line" {
			t.Errorf("%s: nodes %+v", f, got.Nodes)
		}
	}
}

// Readers without mixed graphs (networkx, igraph) take the graph-level
// default as the direction of every edge, so a network whose edges are all
// undirected must say so at the graph level; every undirected edge also says
// so itself, which tools that honour per-edge direction (Gephi, yEd) need in
// a mixed network. Each case lists, per format, the graph-level value and the
// per-edge direction attributes in edge order ("" = none written).
func TestEdgeDirection(t *testing.T) {
	nodes := []model.NetworkNode{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	amp := func(id, s, t string) model.NetworkEdge {
		return model.NetworkEdge{ID: id, Source: s, Target: t, Kind: "AMPLIFIED", Weight: 1}
	}
	coord := func(id, s, t string) model.NetworkEdge {
		return model.NetworkEdge{ID: id, Source: s, Target: t, Kind: "COORDINATED", Weight: 1}
	}
	type want struct {
		gexfDefault, graphmlDefault, jsonType string
		gexfTypes, graphmlDirected, csvTypes  []string
	}
	for _, tc := range []struct {
		name  string
		edges []model.NetworkEdge
		want  want
	}{
		{"amplification", []model.NetworkEdge{amp("1", "a", "b"), amp("2", "c", "b")}, want{
			"directed", "directed", "directed", []string{"", ""}, []string{"", ""}, []string{"Directed", "Directed"}}},
		{"coordination", []model.NetworkEdge{coord("1", "a", "b"), coord("2", "b", "c")}, want{
			"undirected", "undirected", "undirected", []string{"undirected", "undirected"}, []string{"false", "false"},
			[]string{"Undirected", "Undirected"}}},
		{"mixed", []model.NetworkEdge{amp("1", "a", "b"), coord("2", "a", "b")}, want{
			"directed", "directed", "mixed", []string{"", "undirected"}, []string{"", "false"}, []string{"Directed", "Undirected"}}},
		{"no edges", nil, want{"directed", "directed", "mixed", nil, nil, nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := model.Network{Nodes: nodes, Edges: tc.edges}
			var got want
			var gexf struct {
				Graph struct {
					Default string `xml:"defaultedgetype,attr"`
					Edges   []struct {
						Type string `xml:"type,attr"`
					} `xml:"edges>edge"`
				} `xml:"graph"`
			}
			if err := xml.Unmarshal(write(t, GEXF, n, Meta{}), &gexf); err != nil {
				t.Fatal(err)
			}
			got.gexfDefault = gexf.Graph.Default
			for _, e := range gexf.Graph.Edges {
				got.gexfTypes = append(got.gexfTypes, e.Type)
			}
			var graphml struct {
				Graph struct {
					Default string `xml:"edgedefault,attr"`
					Edges   []struct {
						Directed string `xml:"directed,attr"`
					} `xml:"edge"`
				} `xml:"graph"`
			}
			if err := xml.Unmarshal(write(t, GraphML, n, Meta{}), &graphml); err != nil {
				t.Fatal(err)
			}
			got.graphmlDefault = graphml.Graph.Default
			for _, e := range graphml.Graph.Edges {
				got.graphmlDirected = append(got.graphmlDirected, e.Directed)
			}
			_, rows := readCSVFile(t, "edges.csv", unzip(t, write(t, CSV, n, Meta{}))["edges.csv"], []string{"Id", "Source", "Target", "Type"})
			for _, r := range rows {
				got.csvTypes = append(got.csvTypes, r[3])
			}
			var doc struct {
				Options struct{ Type string } `json:"options"`
			}
			if err := json.Unmarshal(write(t, JSON, n, Meta{}), &doc); err != nil {
				t.Fatal(err)
			}
			got.jsonType = doc.Options.Type
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("\n got %+v\nwant %+v", got, tc.want)
			}
			// Every format's own reader agrees on each edge's direction.
			for _, f := range Formats {
				for i, e := range readers[f](t, write(t, f, n, Meta{})).Edges {
					if e.Undirected != (tc.edges[i].Kind == "COORDINATED") {
						t.Errorf("%s: edge %q read as undirected=%v", f, e.ID, e.Undirected)
					}
				}
			}
		})
	}
}
