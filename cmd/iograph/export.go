package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/export"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

// runExport writes the network of a saved query's (or a document's) result
// as GEXF, GraphML, a CSV zip or graph JSON, as GET /export does: to
// standard output unless --out names a file, or a folder to put a file
// named after the query in. Standard output is the default so that exports
// pipe into other tools (`iograph export … --format json | jq`); the zip of
// the csv format is binary, so it goes to standard output only when that is
// not a terminal, where it would print as garbage.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", stderr)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	saved := fs.String("saved-query", "", "id of the saved query to run")
	queryFile := fs.String("query-file", "", "a file holding a GraphQL query to run instead")
	varsJSON := fs.String("variables", "", "variables as a JSON object (override a saved query's defaults)")
	path := fs.String("path", "", "which network of the result, when it holds several (e.g. coordination.network)")
	format := fs.String("format", "gexf", "gexf, graphml, csv (a zip of nodes.csv and edges.csv) or json (graphology and Cytoscape.js)")
	out := fs.String("out", "", "output file, or an existing folder to write a file named after the query into (default, or -: standard output)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("%w: export: %v", errUsage, err)
	}
	toStdout := *out == "" || *out == "-"
	// Refused before the query runs: nothing is worth computing for a
	// destination that cannot take it.
	if toStdout && f == export.CSV && isTerminal(stdout) {
		return fmt.Errorf("%w: export: the csv format is a zip archive, which is not written to a terminal: give --out FILE.zip (or a folder), or redirect standard output", errUsage)
	}
	req := app.ExportRequest{SavedQuery: *saved, Path: *path, Format: f}
	switch {
	case (*saved == "") == (*queryFile == ""):
		return fmt.Errorf("%w: export: give --saved-query ID or --query-file FILE", errUsage)
	case *queryFile != "":
		b, err := os.ReadFile(*queryFile)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		req.Document = string(b)
	}
	if *varsJSON != "" {
		dec := json.NewDecoder(strings.NewReader(*varsJSON))
		dec.UseNumber()
		if err := dec.Decode(&req.Variables); err != nil {
			return fmt.Errorf("%w: export: --variables is not a JSON object: %v", errUsage, err)
		}
	}
	st, err := store.Open(ctx, n4j, newLogger(stderr, "text"))
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	body, name, err := server.NewApp(st, newLogger(stderr, "text")).Export(ctx, req)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if toStdout {
		if _, err := stdout.Write(body); err != nil {
			return fmt.Errorf("export: write standard output: %w", err)
		}
		return nil
	}
	file := *out
	if fi, err := os.Stat(file); err == nil && fi.IsDir() {
		file = filepath.Join(file, name)
	}
	if err := os.WriteFile(file, body, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stderr, "export: wrote %s (%d bytes, %s)\n", file, len(body), f)
	return nil
}

// isTerminal reports whether w is a terminal (a character device such as
// /dev/null is not).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
