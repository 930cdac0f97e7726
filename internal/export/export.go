// Package export turns a model.Network into files analysts open outside the
// workbench: GEXF for Gephi (AMPLIFIED edges carry time spans so Gephi's
// timeline can replay an operation), GraphML for yEd and other desktop tools,
// a zip of two CSV files named the way Gephi's spreadsheet import expects
// (they also open in any spreadsheet), and one JSON document that both
// graphology (Sigma.js) and Cytoscape.js load.
//
// All formats carry the same columns. Node columns are id, label, kind (the
// node type, e.g. "Account") and platform, then every key of
// NetworkNode.Properties; edge columns are id, source, target, direction,
// kind (e.g. "AMPLIFIED") and weight, then every key of
// NetworkEdge.Properties. A property whose name collides with one of those
// structural columns (case-insensitively; the store puts the asset kind under
// "kind", next to the node type) is written as "prop_<name>" so neither value
// is lost.
//
// Each property column is declared once, with a type inferred over every
// element that has a value: integer when all values are integral numbers
// (long once one leaves the 32-bit range, because Gephi reads "integer" as a
// Java int), double when any is a floating-point number, boolean when all are
// booleans, string otherwise. time.Time values are written as RFC 3339 in UTC;
// lists are joined with "|" in the XML and CSV formats and stay arrays in JSON.
// nil, NaN, ±Inf and zero times count as missing: absent in GEXF, GraphML and
// JSON, an empty cell in CSV.
//
// Output is deterministic: nodes and edges in input order, property columns
// sorted by name, so golden files and diffs of two exports work.
package export

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

// Format names an export file format; its value is what a client passes.
type Format string

const (
	// GEXF is GEXF 1.3 (https://gexf.net/1.3), Gephi's native format, which
	// networkx's read_gexf also reads. COORDINATED edges are
	// type="undirected"; a coordination network (COORDINATED edges only) is
	// defaultedgetype="undirected", any other "directed" (the schema has no
	// "mixed" default). When AMPLIFIED edges have firstAt/lastAt the
	// graph is mode="dynamic" with start/end on those edges, so Gephi's
	// timeline can replay the activity; see gexfTimeFormat for the format.
	GEXF Format = "gexf"
	// GraphML is GraphML 1.0 (http://graphml.graphdrawing.org/) for yEd,
	// Gephi, networkx and igraph: directed="false" on COORDINATED edges, and
	// edgedefault="undirected" for a coordination network, otherwise
	// edgedefault="directed".
	GraphML Format = "graphml"
	// CSV is a zip archive holding nodes.csv and edges.csv; see WriteCSVFiles.
	CSV Format = "csv"
	// JSON is one document that graphology (Sigma.js) and Cytoscape.js both
	// load as is. Its top level is a graphology serialized graph
	// (https://graphology.github.io/serialization) — attributes, options,
	// nodes [{key, attributes}], edges [{key, source, target, undirected,
	// attributes}] — and it also holds "elements", Cytoscape.js's elements
	// JSON ({nodes: [{data: {id, …}}], edges: [{data: {id, source, target,
	// …}}]}), which graphology's import ignores:
	//
	//	const graph = Graph.from(doc); // graphology: options from doc.options
	//	const cy = cytoscape({container, elements: doc.elements});
	//
	// options.type is "directed" for an amplification network or a path,
	// "undirected" for a coordination network and "mixed" when it holds both
	// kinds (or no edge). Both halves hold the same values: node attributes
	// label, kind, platform and the properties; edge attributes kind, weight
	// and the properties.
	// Cytoscape has no undirected edges, so its edge data adds directed:
	// true|false for styling arrows ("edge[?directed]"). Nodes carry no x, y:
	// Sigma.js needs a layout run before it renders them.
	JSON Format = "json"
)

// Formats lists every format, in the order they are offered to users.
var Formats = []Format{GEXF, GraphML, CSV, JSON}

// ParseFormat reads a format name case-insensitively. The error is BadInput
// and lists the valid names, because it usually answers a typo in a request.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Formats {
		if f == x {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, x := range Formats {
		names[i] = string(x)
	}
	return "", apperr.New(apperr.BadInput, "unknown export format %q: want one of %s", s, strings.Join(names, ", "))
}

// ContentType is the MIME type to serve the file with. GEXF and GraphML have
// no IANA-registered type; the "+xml" names are the conventional ones and let
// clients treat the files as XML.
func (f Format) ContentType() string {
	switch f {
	case GEXF:
		return "application/gexf+xml"
	case GraphML:
		return "application/graphml+xml"
	case CSV:
		return "application/zip"
	case JSON:
		return "application/json"
	}
	return "application/octet-stream"
}

// Extension is the file name extension, with its dot (".zip" for CSV, since
// that format is an archive of two files).
func (f Format) Extension() string {
	switch f {
	case GEXF:
		return ".gexf"
	case GraphML:
		return ".graphml"
	case CSV:
		return ".zip"
	case JSON:
		return ".json"
	}
	return ""
}

// Meta describes the export; it goes into GEXF <meta>, the GraphML graph
// <desc>, the zip comment of the CSV archive and the JSON graph attributes, so
// a file found later on a shared drive still says what it shows.
type Meta struct {
	Title       string
	Description string
	Source      string    // e.g. the query or saved analysis that produced the network
	Created     time.Time // zero leaves the date out (callers pass time.Now())
}

// Write writes n to w in format f. It checks first that node ids and edge ids
// are non-empty and unique, that every edge's source and target are nodes,
// and that weights are finite (JSON cannot carry NaN or ±Inf). Gephi would
// merge repeated ids and invent missing ends, graphology would throw, so a
// bad network fails here, naming the offending id, before anything is written.
func Write(w io.Writer, f Format, n model.Network, meta Meta) error {
	if _, err := ParseFormat(string(f)); err != nil {
		return err
	}
	if err := validate(n); err != nil {
		return fmt.Errorf("export %s: %w", f, err)
	}
	var err error
	switch f {
	case GEXF:
		err = writeGEXF(w, n, meta)
	case GraphML:
		err = writeGraphML(w, n, meta)
	case CSV:
		err = writeCSVZip(w, n, meta)
	case JSON:
		err = writeJSON(w, n, meta)
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", f, err)
	}
	return nil
}

// undirectedKinds are the edge kinds that have no direction. COORDINATED
// links two accounts that acted alike; every other kind (AMPLIFIED:
// amplifier → amplified, and the rest) points from source to target.
var undirectedKinds = map[string]bool{"COORDINATED": true}

func undirected(e model.NetworkEdge) bool { return undirectedKinds[e.Kind] }

// direction is how a whole network's edges go, which decides each format's
// graph-level default.
type direction int

const (
	// mixedEdges: both directed and undirected edges, or no edge at all, so
	// nothing is known about a default.
	mixedEdges direction = iota
	allDirected
	allUndirected
)

// directionOf reports whether every edge of n is directed or every edge is
// undirected. Readers that hold no mixed graphs (networkx, igraph) take the
// graph-level default as the truth: a coordination network written as
// directed with undirected edges would be read as directed, and degree,
// centrality or reciprocity computed on it would double-count every
// symmetric co-sharing link.
func directionOf(edges []model.NetworkEdge) direction {
	var directed, undirectedN int
	for _, e := range edges {
		if undirected(e) {
			undirectedN++
		} else {
			directed++
		}
	}
	switch {
	case directed > 0 && undirectedN == 0:
		return allDirected
	case undirectedN > 0 && directed == 0:
		return allUndirected
	}
	return mixedEdges
}

func validate(n model.Network) error {
	nodes := make(map[string]bool, len(n.Nodes))
	for i, x := range n.Nodes {
		if x.ID == "" {
			return fmt.Errorf("node %d has an empty id", i)
		}
		if nodes[x.ID] {
			return fmt.Errorf("node id %q appears twice", x.ID)
		}
		nodes[x.ID] = true
	}
	edges := make(map[string]bool, len(n.Edges))
	for i, e := range n.Edges {
		switch {
		case e.ID == "":
			return fmt.Errorf("edge %d has an empty id", i)
		case edges[e.ID]:
			return fmt.Errorf("edge id %q appears twice", e.ID)
		case !nodes[e.Source]:
			return fmt.Errorf("edge %q: source %q is not a node of the network", e.ID, e.Source)
		case !nodes[e.Target]:
			return fmt.Errorf("edge %q: target %q is not a node of the network", e.ID, e.Target)
		case math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0):
			return fmt.Errorf("edge %q: weight %v is not a finite number", e.ID, e.Weight)
		}
		edges[e.ID] = true
	}
	return nil
}

// attrType is the declared type of a property column.
type attrType int

const (
	typeString attrType = iota
	typeBool
	typeInt  // fits in 32 bits
	typeLong // integral, beyond 32 bits
	typeDouble
)

// gexf and graphml are the type names each XML format uses.
func (t attrType) gexf() string {
	return [...]string{"string", "boolean", "integer", "long", "double"}[t]
}

func (t attrType) graphml() string {
	return [...]string{"string", "boolean", "int", "long", "double"}[t]
}

// column is one declared property column.
type column struct {
	Name string // as written; "prop_<key>" when the key collides
	Key  string // the key in Properties
	Type attrType
}

// table is the property columns of one element class and each element's
// normalised values (bool, int64, float64, string or []any; missing values
// are absent from the map).
type table struct {
	Cols []column
	Rows []map[string]any // by column Name
}

// Structural column names; properties are renamed away from them. Nodes also
// reserve "parent", which Cytoscape.js would read as a compound-node parent.
var (
	nodeReserved = []string{"id", "label", "kind", "platform", "parent"}
	edgeReserved = []string{"id", "source", "target", "type", "kind", "weight", "label", "directed", "undirected"}
)

func nodeTable(nodes []model.NetworkNode) table {
	props := make([]map[string]any, len(nodes))
	for i, x := range nodes {
		props[i] = x.Properties
	}
	return buildTable(props, nodeReserved)
}

func edgeTable(edges []model.NetworkEdge) table {
	props := make([]map[string]any, len(edges))
	for i, x := range edges {
		props[i] = x.Properties
	}
	return buildTable(props, edgeReserved)
}

// buildTable declares one column per property key seen on any element, with
// its type inferred over all of them.
func buildTable(props []map[string]any, reserved []string) table {
	taken := map[string]bool{}
	for _, r := range reserved {
		taken[r] = true
	}
	keys := map[string]bool{}
	for _, p := range props {
		for k := range p {
			keys[k] = true
		}
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	used := map[string]bool{}
	for _, k := range sorted {
		used[strings.ToLower(k)] = true
	}
	names := map[string]string{}
	for _, k := range sorted {
		name := k
		for taken[strings.ToLower(name)] || (name != k && used[strings.ToLower(name)]) {
			name = "prop_" + name
		}
		taken[strings.ToLower(name)] = true
		names[k] = name
	}

	t := table{Rows: make([]map[string]any, len(props))}
	kinds := map[string]map[valueKind]bool{}
	wide := map[string]bool{}
	for i, p := range props {
		row := map[string]any{}
		for k, raw := range p {
			v, kind, ok := normalize(raw)
			if !ok {
				continue
			}
			row[names[k]] = v
			if kinds[k] == nil {
				kinds[k] = map[valueKind]bool{}
			}
			kinds[k][kind] = true
			if x, isInt := v.(int64); isInt && (x > math.MaxInt32 || x < math.MinInt32) {
				wide[k] = true
			}
		}
		t.Rows[i] = row
	}
	for _, k := range sorted {
		t.Cols = append(t.Cols, column{Name: names[k], Key: k, Type: inferType(kinds[k], wide[k])})
	}
	sort.Slice(t.Cols, func(i, j int) bool { return t.Cols[i].Name < t.Cols[j].Name })
	return t
}

type valueKind int

const (
	kindBool valueKind = iota
	kindInt
	kindFloat
	kindString
	kindList
)

func inferType(seen map[valueKind]bool, wide bool) attrType {
	switch {
	case len(seen) == 0:
		return typeString // only missing values: declare it anyway, as text
	case len(seen) == 1 && seen[kindBool]:
		return typeBool
	case len(seen) == 1 && seen[kindInt]:
		if wide {
			return typeLong
		}
		return typeInt
	case (len(seen) == 1 && seen[kindFloat]) || (len(seen) == 2 && seen[kindInt] && seen[kindFloat]):
		return typeDouble
	}
	return typeString
}

// normalize maps a property value onto bool, int64, float64, string or []any
// and reports its kind; ok is false for values that count as missing.
func normalize(v any) (any, valueKind, bool) {
	switch x := v.(type) {
	case nil:
		return nil, 0, false
	case bool:
		return x, kindBool, true
	case string:
		return x, kindString, true
	case int64:
		return x, kindInt, true
	case int:
		return int64(x), kindInt, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, 0, false
		}
		return x, kindFloat, true
	case time.Time:
		if x.IsZero() {
			return nil, 0, false
		}
		return x.UTC().Format(time.RFC3339Nano), kindString, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, 0, false
		}
		return normalize(rv.Elem().Interface())
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String(), kindString, true
	}
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool(), kindBool, true
	case reflect.String:
		return rv.String(), kindString, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), kindInt, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if u := rv.Uint(); u <= math.MaxInt64 {
			return int64(u), kindInt, true
		}
		return strconv.FormatUint(rv.Uint(), 10), kindString, true
	case reflect.Float32, reflect.Float64:
		return normalize(rv.Float())
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil, 0, false
		}
		list := make([]any, 0, rv.Len())
		for i := range rv.Len() {
			if x, _, ok := normalize(rv.Index(i).Interface()); ok {
				list = append(list, x)
			}
		}
		return list, kindList, true
	}
	return fmt.Sprint(v), kindString, true
}

// text is a normalised value as XML or CSV text.
func text(v any) string {
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatFloat(x)
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = text(e)
		}
		return strings.Join(parts, "|")
	}
	return fmt.Sprint(v)
}

// formatFloat writes plain decimals where encoding/json would (1e-6 ≤ |x| <
// 1e21), so spreadsheets show 1234567 rather than 1.234567e+06; the result
// is a valid xs:double either way.
func formatFloat(x float64) string {
	if a := math.Abs(x); a == 0 || (a >= 1e-6 && a < 1e21) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'e', -1, 64)
}

func platformOf(x model.NetworkNode) string {
	if x.Platform == nil {
		return ""
	}
	return string(*x.Platform)
}

// span is an edge's activity interval from its firstAt and lastAt
// properties; either end may be missing.
type span struct{ Start, End time.Time }

func edgeSpan(e model.NetworkEdge) span {
	s := span{Start: parseTime(e.Properties["firstAt"]), End: parseTime(e.Properties["lastAt"])}
	if !s.Start.IsZero() && !s.End.IsZero() && s.End.Before(s.Start) {
		s.End = time.Time{} // an inverted interval is rejected by Gephi; keep the start
	}
	return s
}

func parseTime(v any) time.Time {
	switch x := v.(type) {
	case time.Time:
		return x
	case *time.Time:
		if x != nil {
			return *x
		}
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t
		}
	}
	return time.Time{}
}

// metaLines is the human-readable summary of meta and n for formats that
// have one free-text slot.
func metaLines(n model.Network, meta Meta) []string {
	var lines []string
	if meta.Title != "" {
		lines = append(lines, meta.Title)
	}
	if meta.Description != "" {
		lines = append(lines, meta.Description)
	}
	if meta.Source != "" {
		lines = append(lines, "Source: "+meta.Source)
	}
	if !meta.Created.IsZero() {
		lines = append(lines, "Created: "+meta.Created.UTC().Format(time.RFC3339))
	}
	if n.Truncated {
		lines = append(lines, truncatedNote)
	}
	return lines
}

// truncatedNote warns that the file is not the whole network, which an
// analyst must know before reading anything into missing links.
const truncatedNote = "Truncated: the network hit the size limit; nodes and edges beyond it are missing."
