package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/export"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

// runExport writes the network of a saved query's (or a document's) result
// as GEXF, GraphML, a CSV zip or graph JSON, as GET /export does.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", stderr)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	saved := fs.String("saved-query", "", "id of the saved query to run")
	queryFile := fs.String("query-file", "", "a file holding a GraphQL query to run instead")
	varsJSON := fs.String("variables", "", "variables as a JSON object (override a saved query's defaults)")
	path := fs.String("path", "", "which network of the result, when it holds several (e.g. coordination.network)")
	format := fs.String("format", "gexf", "gexf, graphml, csv (a zip of nodes.csv and edges.csv) or json (graphology and Cytoscape.js)")
	out := fs.String("out", "", "output file (default: a name from the query, in the current folder); - for standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return fmt.Errorf("%w: export: %v", errUsage, err)
	}
	req := server.ExportRequest{SavedQuery: *saved, Path: *path, Format: f}
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
	body, name, err := server.Export(ctx, st, server.NewRunner(st, newLogger(stderr, "text")), req)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if *out == "-" {
		_, err = stdout.Write(body)
		return err
	}
	if *out == "" {
		*out = name
	}
	if err := os.WriteFile(*out, body, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stderr, "export: wrote %s (%d bytes, %s)\n", *out, len(body), f)
	return nil
}
