package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// endpoints is a network reduced to what every export must keep: node ids
// and edges as id source->target, sorted.
type endpoints struct{ nodes, edges []string }

func (e endpoints) sorted() endpoints {
	slices.Sort(e.nodes)
	slices.Sort(e.edges)
	return e
}

// parsers read each format back independently of internal/export.
var parsers = map[string]func(t *testing.T, body []byte) endpoints{
	"gexf": func(t *testing.T, body []byte) endpoints {
		var doc struct {
			XMLName xml.Name
			Version string `xml:"version,attr"`
			Graph   struct {
				Nodes []struct {
					ID string `xml:"id,attr"`
				} `xml:"nodes>node"`
				Edges []struct {
					ID     string `xml:"id,attr"`
					Source string `xml:"source,attr"`
					Target string `xml:"target,attr"`
				} `xml:"edges>edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.XMLName.Space != "http://gexf.net/1.3" || doc.XMLName.Local != "gexf" || doc.Version != "1.3" {
			t.Fatalf("not GEXF 1.3: %v version %q", doc.XMLName, doc.Version)
		}
		var e endpoints
		for _, n := range doc.Graph.Nodes {
			e.nodes = append(e.nodes, n.ID)
		}
		for _, x := range doc.Graph.Edges {
			e.edges = append(e.edges, x.ID+" "+x.Source+"->"+x.Target)
		}
		return e
	},
	"graphml": func(t *testing.T, body []byte) endpoints {
		var doc struct {
			XMLName xml.Name
			Graph   struct {
				Nodes []struct {
					ID string `xml:"id,attr"`
				} `xml:"node"`
				Edges []struct {
					ID     string `xml:"id,attr"`
					Source string `xml:"source,attr"`
					Target string `xml:"target,attr"`
				} `xml:"edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" || doc.XMLName.Local != "graphml" {
			t.Fatalf("not GraphML: %v", doc.XMLName)
		}
		var e endpoints
		for _, n := range doc.Graph.Nodes {
			e.nodes = append(e.nodes, n.ID)
		}
		for _, x := range doc.Graph.Edges {
			e.edges = append(e.edges, x.ID+" "+x.Source+"->"+x.Target)
		}
		return e
	},
	"csv": func(t *testing.T, body []byte) endpoints {
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		read := func(name string) [][]string {
			f, err := zr.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		var e endpoints
		for _, r := range read("nodes.csv")[1:] {
			e.nodes = append(e.nodes, r[0])
		}
		edges := read("edges.csv")
		if strings.Join(edges[0][:3], ",") != "Id,Source,Target" {
			t.Fatalf("edges.csv header %v", edges[0])
		}
		for _, r := range edges[1:] {
			e.edges = append(e.edges, r[0]+" "+r[1]+"->"+r[2])
		}
		return e
	},
	"json": func(t *testing.T, body []byte) endpoints {
		var doc struct {
			Nodes []struct{ Key string }
			Edges []struct{ Key, Source, Target string }
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		var e endpoints
		for _, n := range doc.Nodes {
			e.nodes = append(e.nodes, n.Key)
		}
		for _, x := range doc.Edges {
			e.edges = append(e.edges, x.Key+" "+x.Source+"->"+x.Target)
		}
		return e
	},
}

func get(t *testing.T, srv *httptest.Server, path string, q url.Values) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(srv.URL + path + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// Every format of GET /export, for a saved query and for a document, holds
// the same nodes and edges as the GraphQL answer.
func TestExportEndpoint(t *testing.T) {
	srv := releaseServer(t)
	vars := map[string]any{"seeds": []string{"twitter:1001"}, "hops": 2}
	data := ok(t, srv, networkQuery, vars)["network"].(map[string]any)
	var want endpoints
	for _, n := range data["nodes"].([]any) {
		want.nodes = append(want.nodes, n.(map[string]any)["id"].(string))
	}
	for _, x := range data["edges"].([]any) {
		e := x.(map[string]any)
		want.edges = append(want.edges, e["id"].(string)+" "+e["source"].(string)+"->"+e["target"].(string))
	}
	want = want.sorted()
	if len(want.nodes) < 3 || len(want.edges) < 2 {
		t.Fatalf("the fixture network is too small to test: %v", want)
	}
	saved := ok(t, srv, `mutation($doc: String!, $v: JSON) { saveQuery(input: {name: "Seed network", document: $doc, variables: $v}) { id } }`,
		map[string]any{"doc": networkQuery, "v": vars})["saveQuery"].(map[string]any)["id"].(string)
	varsJSON, _ := json.Marshal(vars)
	for format, parse := range parsers {
		for _, q := range []url.Values{
			{"savedQuery": {saved}},
			{"query": {networkQuery}, "variables": {string(varsJSON)}},
		} {
			t.Run(format+"_"+strings.Join(slices.Sorted(func(yield func(string) bool) {
				for k := range q {
					if !yield(k) {
						return
					}
				}
			}), "_"), func(t *testing.T) {
				resp, body := get(t, srv, "/export/"+format, q)
				if resp.StatusCode != 200 {
					t.Fatalf("%d %s", resp.StatusCode, body)
				}
				if !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
					t.Errorf("Content-Disposition %q", resp.Header.Get("Content-Disposition"))
				}
				got := parse(t, body).sorted()
				if !slices.Equal(got.nodes, want.nodes) || !slices.Equal(got.edges, want.edges) {
					t.Fatalf("export differs from the GraphQL answer:\n got %v\nwant %v", got, want)
				}
			})
		}
	}
	for _, c := range []struct {
		name, path string
		q          url.Values
		status     int
		msg        string
	}{
		{"unknown format", "/export/pdf", url.Values{"savedQuery": {saved}}, 400, "gexf, graphml, csv, json"},
		{"nothing to export", "/export/gexf", url.Values{}, 400, "give a saved query id"},
		{"unknown saved query", "/export/gexf", url.Values{"savedQuery": {"query:404"}}, 404, `no saved query with id`},
		{"no network", "/export/gexf", url.Values{"query": {"{ stats { nodes { label count } } }"}}, 400, "the result holds no network"},
		{"two networks", "/export/gexf", url.Values{"query": {`{ a: network(seeds: ["twitter:1001"]) { nodes { id } edges { id source target } }
			b: path(from: "twitter:1001", to: "twitter:1002") { nodes { id } edges { id source target } } }`}}, 400, "several networks (a, b): say which with path"},
		{"mutation", "/export/gexf", url.Values{"query": {`mutation { deleteQuery(id: "x") }`}}, 400, "must be a query"},
		{"failing query", "/export/gexf", url.Values{"query": {networkQuery}, "variables": {`{"seeds": ["twitter:1001"], "hops": 50}`}}, 400, "hops must be at most 3"},
		{"bad variables", "/export/gexf", url.Values{"query": {networkQuery}, "variables": {`[1`}}, 400, "variables is not a JSON object"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body := get(t, srv, c.path, c.q)
			if resp.StatusCode != c.status || !strings.Contains(string(body), c.msg) {
				t.Fatalf("%d %s; want %d with %q", resp.StatusCode, body, c.status, c.msg)
			}
		})
	}
	// With two networks, path picks one.
	resp, body := get(t, srv, "/export/json", url.Values{"path": {"b"}, "query": {`{ a: network(seeds: ["twitter:1001"]) { nodes { id } edges { id source target } }
		b: path(from: "twitter:1001", to: "twitter:1002") { nodes { id } edges { id source target } } }`}})
	if resp.StatusCode != 200 || len(parsers["json"](t, body).nodes) == 0 {
		t.Fatalf("path=b: %d %s", resp.StatusCode, body)
	}
}
