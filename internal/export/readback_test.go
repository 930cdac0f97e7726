package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/model"
)

// TestReadBack writes networks that GraphQL answered as GEXF, GraphML and
// CSV, reads the files with networkx and igraph (testdata/readback.py, run
// with the Python of scripts/pydeps) and checks that each reader holds the
// answer: as many nodes and edges, the right direction, and every node's
// label, kind, platform and properties and every edge's kind, weight and
// properties equal to the answer's. JSON is graphology's and Cytoscape's
// format, which neither Python library reads; TestRoundTrip and
// TestEdgeDirection cover it.
//
// The answers are the golden responses of internal/server's API tests,
// which those tests take from a real Neo4j; reading them here keeps this
// test on the same data as the API without a database of its own.
func TestReadBack(t *testing.T) {
	python := readbackPython(t)
	mixed := testNetwork()
	cases := []readbackCase{
		{name: "amplification", answer: "network_two_hops", directed: true},
		{name: "path", answer: "path_seed_to_seed", directed: true},
		{name: "coordination", answer: "coordination_russian_60s_top10", path: "coordination.network", directed: false},
		// Both kinds: Gephi reads the per-edge types; networkx refuses the
		// XML formats, igraph makes every edge directed, and the CSV reader
		// (like an analyst's script) cannot pick one graph type.
		{name: "mixed", net: &mixed, directed: true, refusals: map[string]string{
			"networkx.read_gexf":        "NetworkXError: Undirected edge found in directed graph.",
			"networkx.read_graphml":     "NetworkXError: directed=false edge found in directed graph.",
			"networkx+csv":              "mixes edge types",
			"igraph.Graph.DictList+csv": "mixes edge types",
		}},
	}
	dir := t.TempDir()
	type file struct {
		Case   string `json:"case"`
		Format string `json:"format"`
		Path   string `json:"path"`
	}
	var manifest []file
	nets := map[string]model.Network{}
	for _, c := range cases {
		n := c.network(t)
		nets[c.name] = n
		for _, f := range []Format{GEXF, GraphML, CSV} {
			p := filepath.Join(dir, c.name+f.Extension())
			if err := os.WriteFile(p, write(t, f, n, Meta{Title: c.name}), 0o644); err != nil {
				t.Fatal(err)
			}
			manifest = append(manifest, file{c.name, string(f), p})
		}
	}
	out := runReadback(t, python, manifest)
	t.Logf("read back with networkx %s, igraph %s", out.Versions["networkx"], out.Versions["igraph"])

	seen := map[string]int{}
	for _, r := range out.Results {
		seen[r.Case]++
		c := cases[slices.IndexFunc(cases, func(c readbackCase) bool { return c.name == r.Case })]
		t.Run(c.name+"/"+r.Reader, func(t *testing.T) {
			if want, ok := c.refusals[r.Reader]; ok {
				if r.Error == nil || !strings.Contains(*r.Error, want) {
					t.Fatalf("error %v, want one containing %q", r.Error, want)
				}
				return
			}
			if r.Error != nil {
				t.Fatalf("%s cannot read the %s file: %s", r.Reader, r.Format, *r.Error)
			}
			spec, ok := readerSpecs[r.Reader]
			if !ok {
				t.Fatalf("no expectations for reader %q", r.Reader)
			}
			checkReadBack(t, spec, nets[c.name], c.directed, r)
		})
	}
	// gexf: networkx; graphml: networkx and igraph; csv: networkx and igraph.
	for _, c := range cases {
		if seen[c.name] != 5 {
			t.Errorf("%s: %d readers reported, want 5", c.name, seen[c.name])
		}
	}
}

// readbackCase is one network to read back: a golden GraphQL answer of
// internal/server (answer, and path to the network in it) or a network
// built here (net).
type readbackCase struct {
	name, answer, path string
	net                *model.Network
	directed           bool
	refusals           map[string]string // reader → expected error
}

func (c readbackCase) network(t *testing.T) model.Network {
	t.Helper()
	if c.net != nil {
		return *c.net
	}
	b, err := os.ReadFile(filepath.Join("..", "server", "testdata", "golden", c.answer+".json"))
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	var resp struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.Unmarshal(b, &resp); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%s: not a successful GraphQL response: %v %v", c.answer, err, resp.Errors)
	}
	n, _, err := FromResponse(resp.Data, c.path)
	if err != nil {
		t.Fatalf("%s: %v", c.answer, err)
	}
	if len(n.Nodes) < 3 || len(n.Edges) < 2 {
		t.Fatalf("%s: %d nodes, %d edges: too small to test anything", c.answer, len(n.Nodes), len(n.Edges))
	}
	return n
}

// readbackPython is the interpreter with networkx and igraph: IOGRAPH_PYTHON,
// or the environment scripts/pydeps makes. Without it the test fails on CI
// (CI=true), where scripts/test installs it, and is skipped elsewhere.
func readbackPython(t *testing.T) string {
	t.Helper()
	p := os.Getenv("IOGRAPH_PYTHON")
	if p == "" {
		root, err := moduleRoot()
		if err != nil {
			t.Fatal(err)
		}
		p = filepath.Join(root, ".iograph", "venv", "bin", "python")
	}
	if _, err := os.Stat(p); err != nil {
		msg := fmt.Sprintf("no Python with networkx and igraph at %s: run scripts/pydeps (or set IOGRAPH_PYTHON)", p)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// readbackResult is one reader's view of one file (see readback.py).
type readbackResult struct {
	Case, Format, Reader string
	Error                *string
	Directed, Multigraph bool
	Nodes                []struct {
		ID    string
		Attrs map[string]any
	}
	Edges []struct {
		Source, Target string
		Attrs          map[string]any
	}
}

func runReadback(t *testing.T, python string, manifest any) (out struct {
	Versions map[string]string
	Results  []readbackResult
}) {
	t.Helper()
	in, err := json.Marshal(manifest)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join("testdata", "readback.py"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s testdata/readback.py: %v\n%s", python, err, stderr.String())
	}
	dec := json.NewDecoder(bytes.NewReader(stdout))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("readback.py printed no JSON: %v\n%.2000s", err, stdout)
	}
	return out
}

// readerSpec says where a reader puts what the formats write as structure
// rather than as property columns, and how it types numbers.
type readerSpec struct {
	label, kind, platform string // node attributes
	edgeID                string // "" when the reader loses edge ids
	edgeKind, weight      string
	numbers               numberKind
	spans                 bool // GEXF start/end from firstAt/lastAt
}

type numberKind int

const (
	exactNumbers numberKind = iota // integers stay integers (networkx on XML)
	floatNumbers                   // every number is a double (igraph)
	textNumbers                    // CSV cells: everything is text
)

var readerSpecs = map[string]readerSpec{
	// networkx shows the GEXF edge label (where the kind also goes), not
	// GEXF 1.3's edge "kind" attribute.
	"networkx.read_gexf":    {"label", "kind", "platform", "id", "label", "weight", exactNumbers, true},
	"networkx.read_graphml": {"label", "kind", "platform", "id", "kind", "weight", exactNumbers, false},
	// igraph 1.0.0's GraphML reader fills the edge attribute "id" with
	// vertex ids, not the file's edge ids, so edges are matched by kind and
	// ends only.
	"igraph.Graph.Read_GraphML": {"label", "kind", "platform", "", "kind", "weight", floatNumbers, false},
	"networkx+csv":              {"Label", "Kind", "Platform", "Id", "Kind", "Weight", textNumbers, false},
	"igraph.Graph.DictList+csv": {"Label", "Kind", "Platform", "Id", "Kind", "Weight", textNumbers, false},
}

// checkReadBack compares what one reader holds with the network.
func checkReadBack(t *testing.T, spec readerSpec, n model.Network, directed bool, r readbackResult) {
	t.Helper()
	if len(r.Nodes) != len(n.Nodes) || len(r.Edges) != len(n.Edges) {
		t.Errorf("%d nodes and %d edges, the answer %d and %d", len(r.Nodes), len(r.Edges), len(n.Nodes), len(n.Edges))
	}
	if r.Directed != directed {
		t.Errorf("read as directed=%v, want %v", r.Directed, directed)
	}
	if r.Multigraph {
		t.Errorf("read as a multigraph, but no two edges join the same nodes the same way")
	}

	nodeProps := make([]map[string]any, len(n.Nodes))
	for i, x := range n.Nodes {
		nodeProps[i] = x.Properties
	}
	edgeProps := make([]map[string]any, len(n.Edges))
	for i, e := range n.Edges {
		edgeProps[i] = e.Properties
	}
	nodeInts, edgeInts := integralKeys(nodeProps), integralKeys(edgeProps)

	got := map[string]map[string]any{}
	for _, x := range r.Nodes {
		if got[x.ID] != nil {
			t.Errorf("node %q read twice", x.ID)
		}
		got[x.ID] = x.Attrs
	}
	for _, x := range n.Nodes {
		attrs, ok := got[x.ID]
		if !ok {
			t.Errorf("node %q missing", x.ID)
			continue
		}
		want := map[string]any{spec.label: x.Label}
		if x.Kind != "" {
			want[spec.kind] = x.Kind
		}
		if p := platformOf(x); p != "" {
			want[spec.platform] = p
		}
		ints := map[string]bool{}
		for k, v := range x.Properties {
			want[columnName(k, nodeReserved)] = v
			ints[columnName(k, nodeReserved)] = nodeInts[k]
		}
		checkAttrs(t, "node "+x.ID, spec, want, ints, attrs)
	}

	// Edges are matched by kind and ends, unordered when undirected: the
	// readers' only common key.
	key := func(kind, s, t string) string {
		if !directed && t < s {
			s, t = t, s
		}
		return kind + " " + s + " " + t
	}
	gotEdges := map[string]map[string]any{}
	for _, e := range r.Edges {
		kind, _ := e.Attrs[spec.edgeKind].(string)
		k := key(kind, e.Source, e.Target)
		if gotEdges[k] != nil {
			t.Errorf("edge %s read twice", k)
		}
		gotEdges[k] = e.Attrs
	}
	for _, e := range n.Edges {
		attrs, ok := gotEdges[key(e.Kind, e.Source, e.Target)]
		if !ok {
			t.Errorf("edge %q (%s %s→%s) missing", e.ID, e.Kind, e.Source, e.Target)
			continue
		}
		want := map[string]any{spec.edgeKind: e.Kind, spec.weight: e.Weight}
		if spec.edgeID != "" {
			want[spec.edgeID] = e.ID
		}
		ints := map[string]bool{}
		for k, v := range e.Properties {
			want[columnName(k, edgeReserved)] = v
			ints[columnName(k, edgeReserved)] = edgeInts[k]
		}
		checkAttrs(t, "edge "+e.ID, spec, want, ints, attrs)
		if spec.spans {
			for name, prop := range map[string]string{"start": "firstAt", "end": "lastAt"} {
				checkInstant(t, e.ID+" "+name, e.Properties[prop], attrs[name])
			}
		}
	}
}

// columnName is the column a property is written under: renamed with a
// "prop_" prefix when it collides with a structural column (the package
// doc's rule; the test data has no doubly colliding names).
func columnName(key string, reserved []string) string {
	for _, r := range reserved {
		if strings.EqualFold(key, r) {
			return "prop_" + key
		}
	}
	return key
}

// integralKeys lists the properties whose every value is an integer. Only
// their columns are declared integer; a JSON answer writes a double 1.0 as
// 1, which a reader of a double column rightly gives back as 1.0.
func integralKeys(props []map[string]any) map[string]bool {
	ints := map[string]bool{}
	for _, p := range props {
		for k, v := range p {
			if _, known := ints[k]; !known {
				ints[k] = true
			}
			if x, _, ok := normalize(v); ok {
				_, isInt := x.(int64)
				ints[k] = ints[k] && isInt
			}
		}
	}
	return ints
}

// checkAttrs checks every value of want that is present; ints names the
// integer columns, whose values typed readers must give back as integers.
func checkAttrs(t *testing.T, what string, spec readerSpec, want map[string]any, ints map[string]bool, got map[string]any) {
	t.Helper()
	for k, w := range want {
		wv, _, present := normalize(w)
		if !present {
			continue // missing in the answer: readers may fill in NaN, "" or false
		}
		numbers := spec.numbers
		if numbers == exactNumbers && !ints[k] {
			numbers = floatNumbers
		}
		g, ok := got[k]
		if !ok || !sameValue(wv, g, numbers) {
			t.Errorf("%s: %s = %#v (present %v), want %#v", what, k, g, ok, wv)
		}
	}
}

// sameValue compares a normalised answer value (bool, int64, float64,
// string or []any) with what a reader gave (decoded JSON with json.Number).
func sameValue(want, got any, numbers numberKind) bool {
	if numbers == textNumbers {
		s, ok := got.(string)
		if !ok {
			return false
		}
		switch w := want.(type) {
		case int64, float64:
			f, err := strconv.ParseFloat(s, 64)
			return err == nil && f == toFloat(w)
		}
		return s == text(want)
	}
	switch w := want.(type) {
	case bool:
		return got == w
	case string:
		return got == w
	case []any: // the XML formats join lists with "|"
		return got == text(w)
	case int64:
		n, ok := got.(json.Number)
		if !ok {
			return false
		}
		if numbers == exactNumbers {
			return n.String() == strconv.FormatInt(w, 10)
		}
		f, err := n.Float64()
		return err == nil && f == float64(w)
	case float64:
		n, ok := got.(json.Number)
		if !ok {
			return false
		}
		f, err := n.Float64()
		return err == nil && (f == w || math.Abs(f-w) <= 1e-12*math.Abs(w))
	}
	return false
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}

// checkInstant compares a GEXF start or end as networkx read it (a string,
// under timeformat="date") with the answer's firstAt or lastAt.
func checkInstant(t *testing.T, what string, want, got any) {
	t.Helper()
	w := parseTime(want)
	if w.IsZero() {
		if got != nil {
			t.Errorf("%s = %v, but the answer has no time", what, got)
		}
		return
	}
	s, _ := got.(string)
	g, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !g.Equal(w) {
		t.Errorf("%s = %#v, want the instant %s", what, got, w.Format(time.RFC3339Nano))
	}
}
