package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders/loadertest"
)

// exportQuery is the API tests' two-hop network of the seed account: three
// AMPLIFIED edges around twitter:1001 in loaders/twitterio/testdata.
const exportQuery = `{ network(seeds: ["twitter:1001"], hops: 2) {
  truncated nodes { id kind label platform properties } edges { id source target kind weight properties } } }`

// Without --out every format goes to standard output; --out names a file or
// a folder to put a file named after the query in.
func TestExportDestinations(t *testing.T) {
	neo4jtest.Fresh(t)
	ctx := context.Background()
	flags := neo4jFlags(t)
	dir := t.TempDir()
	if err := run(ctx, append([]string{"load", "twitter-io",
		"../../loaders/twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv",
		"../../loaders/twitterio/testdata/hk_test_082019_1_tweets_csv_hashed.csv"}, flags...), io.Discard, io.Discard); err != nil {
		t.Fatalf("load: %v", err)
	}
	queryFile := loadertest.WriteFile(t, "network.graphql", exportQuery)
	// isExport checks that b is a whole export of the network in format f.
	isExport := map[string]func(t *testing.T, b []byte){
		"json": func(t *testing.T, b []byte) {
			var doc struct {
				Options struct{ Type string }
				Nodes   []any
				Edges   []any
			}
			if err := json.Unmarshal(b, &doc); err != nil || doc.Options.Type != "directed" || len(doc.Nodes) != 4 || len(doc.Edges) != 3 {
				t.Fatalf("not the network's graph JSON (%v): %.300s", err, b)
			}
		},
		"gexf": func(t *testing.T, b []byte) {
			if !bytes.Contains(b, []byte(`xmlns="http://gexf.net/1.3"`)) || bytes.Count(b, []byte("<edge ")) != 3 {
				t.Fatalf("not the network's GEXF: %.300s", b)
			}
		},
		"graphml": func(t *testing.T, b []byte) {
			if !bytes.Contains(b, []byte(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns"`)) || bytes.Count(b, []byte("<edge ")) != 3 {
				t.Fatalf("not the network's GraphML: %.300s", b)
			}
		},
		"csv": func(t *testing.T, b []byte) {
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil || len(zr.File) != 2 || zr.File[0].Name != "nodes.csv" || zr.File[1].Name != "edges.csv" {
				t.Fatalf("not the CSV zip (%v)", err)
			}
		},
	}
	for _, tc := range []struct {
		name, format, out string
		file              string // where the export lands; "" = standard output
	}{
		{"json to stdout", "json", "", ""},
		{"gexf to stdout", "gexf", "", ""},
		{"graphml to stdout", "graphml", "", ""},
		{"csv to a pipe", "csv", "", ""}, // a buffer, like a pipe or a redirect, is no terminal
		{"json to - ", "json", "-", ""},
		{"gexf to a file", "gexf", filepath.Join(dir, "out.gexf"), filepath.Join(dir, "out.gexf")},
		{"csv to a file", "csv", filepath.Join(dir, "out.zip"), filepath.Join(dir, "out.zip")},
		{"graphml to a folder", "graphml", dir, filepath.Join(dir, "iograph-export.graphml")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"export", "--query-file", queryFile, "--format", tc.format}, flags...)
			if tc.out != "" {
				args = append(args, "--out", tc.out)
			}
			if err := run(ctx, args, &stdout, &stderr); err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			if tc.file == "" {
				isExport[tc.format](t, stdout.Bytes())
				if stderr.Len() > 0 {
					t.Errorf("stderr %q: an export to standard output should say nothing else", stderr.String())
				}
				return
			}
			if stdout.Len() > 0 {
				t.Errorf("wrote %d bytes to standard output as well", stdout.Len())
			}
			b, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			isExport[tc.format](t, b)
			if !strings.Contains(stderr.String(), "export: wrote "+tc.file) {
				t.Errorf("stderr %q does not name the file", stderr.String())
			}
		})
	}
}

// The zip of the csv format is refused for a terminal, before Neo4j is
// asked anything (the address below answers nothing); text formats are not.
func TestExportRefusesZipToTerminal(t *testing.T) {
	tty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal to test with: %v", err)
	}
	defer tty.Close()
	if !isTerminal(tty) {
		t.Fatal("a pseudo-terminal is not taken for a terminal")
	}
	for name, w := range map[string]io.Writer{"buffer": &bytes.Buffer{}, "/dev/null": devNull(t)} {
		if isTerminal(w) {
			t.Errorf("%s is taken for a terminal", name)
		}
	}
	noNeo4j := []string{"--neo4j-uri", "bolt://127.0.0.1:1", "--connect-timeout", "200ms"}
	for _, out := range [][]string{nil, {"--out", "-"}} {
		args := append(append([]string{"export", "--query-file", "q.graphql", "--format", "csv"}, out...), noNeo4j...)
		err := run(context.Background(), args, tty, io.Discard)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "zip archive, which is not written to a terminal: give --out") {
			t.Errorf("%v: err = %v, want the usage error about a zip on a terminal", out, err)
		}
	}
	// gexf to the same terminal gets past that check: it fails reading the query file.
	err = run(context.Background(), append([]string{"export", "--query-file", filepath.Join(t.TempDir(), "missing.graphql"), "--format", "gexf"}, noNeo4j...), tty, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "missing.graphql") {
		t.Errorf("gexf to a terminal: err = %v, want the missing query file", err)
	}
}

func devNull(t *testing.T) *os.File {
	t.Helper()
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
