package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/iograph/iograph/graph"
	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

const queriesUsage = `iograph queries — saved GraphQL queries

  iograph queries load [--investigation TITLE] FILE...
        save .graphql files (a header of "# name:", "# description:" and
        "# variables:" JSON lines, then the document) into the investigation of
        that title, created when missing; a query of the same name is updated
  iograph queries check
        validate every saved query against the schema as it is now (run it
        after an upgrade); exits 1 when any fails
  iograph queries list
        list saved queries: id, investigation, name
  iograph queries run [--variables JSON] ID
        run a saved query as runSavedQuery does and print its GraphQL
        response ({"data": …, "errors": […]}); exits 1 when it has errors
`

// runQueries goes through the GraphQL schema in process, so saving and
// running from the command line get exactly the API's checks.
func runQueries(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, queriesUsage)
		if len(args) == 0 {
			return fmt.Errorf("%w: queries: give load, check, list or run", errUsage)
		}
		return nil
	}
	sub, rest := args[0], args[1:]
	fs := newFlagSet("queries "+sub, stderr)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	title := fs.String("investigation", "iograph demo: the five questions", "load: the investigation the queries belong to")
	varsJSON := fs.String("variables", "", "run: variables as a JSON object, overriding the saved defaults")
	rest, err := parseInterleaved(fs, rest)
	if err != nil {
		return err
	}
	switch sub {
	case "load":
		if len(rest) == 0 {
			return fmt.Errorf("%w: queries load: give .graphql files", errUsage)
		}
	case "run":
		if len(rest) != 1 {
			return fmt.Errorf("%w: queries run: give one saved query id", errUsage)
		}
	case "check", "list":
		if len(rest) > 0 {
			return fmt.Errorf("%w: queries %s: unexpected argument %q", errUsage, sub, rest[0])
		}
	default:
		return fmt.Errorf("%w: queries: unknown subcommand %q (load, check, list, run)", errUsage, sub)
	}
	var vars map[string]any
	if *varsJSON != "" {
		if err := json.Unmarshal([]byte(*varsJSON), &vars); err != nil {
			return fmt.Errorf("%w: queries run: --variables is not a JSON object: %v", errUsage, err)
		}
	}
	// Parse files before connecting: a bad file fails fast and writes nothing.
	var files []queryFile
	if sub == "load" {
		for _, p := range rest {
			f, err := readQueryFile(p)
			if err != nil {
				return err
			}
			files = append(files, f)
		}
	}
	st, err := store.Open(ctx, n4j, newLogger(stderr, "text"))
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	gql := gqlClient{run: server.NewRunner(st, newLogger(stderr, "text"))}
	switch sub {
	case "load":
		return loadQueries(ctx, gql, *title, files, stdout)
	case "check":
		return checkQueries(ctx, st, stdout)
	case "list":
		return listQueries(ctx, gql, stdout)
	default:
		return runSaved(ctx, gql, rest[0], vars, stdout)
	}
}

// queryFile is one saved query as a file: a header, then the document.
type queryFile struct {
	path, name, description, document string
	variables                         map[string]any
}

func readQueryFile(path string) (queryFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return queryFile{}, fmt.Errorf("queries load: %w", err)
	}
	defer f.Close()
	q := queryFile{path: path, variables: map[string]any{}}
	var doc strings.Builder
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		t := sc.Text()
		key, val, isHeader := strings.Cut(strings.TrimPrefix(t, "#"), ":")
		if doc.Len() == 0 && strings.HasPrefix(t, "#") && isHeader {
			val = strings.TrimSpace(val)
			switch strings.TrimSpace(key) {
			case "name":
				q.name = val
			case "description":
				q.description = val
			case "variables":
				if err := json.Unmarshal([]byte(val), &q.variables); err != nil {
					return q, fmt.Errorf("queries load: %s line %d field variables: not a JSON object: %v", path, line, err)
				}
			}
			continue
		}
		doc.WriteString(t)
		doc.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return q, fmt.Errorf("queries load: %s: %w", path, err)
	}
	if q.name == "" {
		q.name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	q.document = strings.TrimSpace(doc.String())
	if _, err := app.CheckDocument(graph.Schema(), q.document, q.variables); err != nil {
		return q, fmt.Errorf("queries load: %s: %w", path, err)
	}
	return q, nil
}

// gqlClient runs documents through the in-process executor.
type gqlClient struct {
	run func(context.Context, string, map[string]any) *graphql.Response
}

func (c gqlClient) do(ctx context.Context, doc string, vars map[string]any, out any) error {
	resp := c.run(ctx, doc, vars)
	if len(resp.Errors) > 0 {
		return fmt.Errorf("%s", resp.Errors.Error())
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		return fmt.Errorf("decode response: %w", err)
	}
	return nil
}

func loadQueries(ctx context.Context, gql gqlClient, title string, files []queryFile, stdout io.Writer) error {
	var found struct {
		Investigations struct {
			Edges []struct{ Node struct{ ID, Title string } }
		}
	}
	if err := gql.do(ctx, `{ investigations(first: 100) { edges { node { id title } } } }`, nil, &found); err != nil {
		return fmt.Errorf("queries load: %w", err)
	}
	var inv string
	for _, e := range found.Investigations.Edges {
		if e.Node.Title == title {
			inv = e.Node.ID
		}
	}
	if inv == "" {
		var created struct{ CreateInvestigation struct{ ID string } }
		if err := gql.do(ctx, `mutation($t: String!) { createInvestigation(input: {title: $t, tags: ["demo"],
			description: "One saved query per analyst question; run them from the Playground with runSavedQuery."}) { id } }`,
			map[string]any{"t": title}, &created); err != nil {
			return fmt.Errorf("queries load: create investigation %q: %w", title, err)
		}
		inv = created.CreateInvestigation.ID
	}
	var existing struct {
		SavedQueries struct {
			Edges []struct{ Node struct{ ID, Name string } }
		}
	}
	if err := gql.do(ctx, `query($i: ID) { savedQueries(investigation: $i, first: 100) { edges { node { id name } } } }`,
		map[string]any{"i": inv}, &existing); err != nil {
		return fmt.Errorf("queries load: %w", err)
	}
	byName := map[string]string{}
	for _, e := range existing.SavedQueries.Edges {
		byName[e.Node.Name] = e.Node.ID
	}
	for _, f := range files {
		vars := map[string]any{"name": f.name, "description": f.description, "document": f.document, "variables": f.variables, "inv": inv}
		verb := "saved"
		var err error
		var out struct {
			SaveQuery, UpdateQuery struct{ ID string }
		}
		if id, ok := byName[f.name]; ok {
			vars["id"], verb = id, "updated"
			err = gql.do(ctx, `mutation($id: ID!, $name: String, $description: String, $document: String, $variables: JSON) {
				updateQuery(id: $id, input: {name: $name, description: $description, document: $document, variables: $variables}) { id } }`,
				withoutKey(vars, "inv"), &out)
			out.SaveQuery = out.UpdateQuery
		} else {
			err = gql.do(ctx, `mutation($inv: ID, $name: String!, $description: String, $document: String!, $variables: JSON) {
				saveQuery(input: {investigation: $inv, name: $name, description: $description, document: $document, variables: $variables}) { id } }`,
				vars, &out)
		}
		if err != nil {
			return fmt.Errorf("queries load: %s: %w", f.path, err)
		}
		fmt.Fprintf(stdout, "%s %s %q (%s)\n", verb, out.SaveQuery.ID, f.name, f.path)
	}
	return nil
}

func withoutKey(m map[string]any, k string) map[string]any {
	out := map[string]any{}
	for key, v := range m {
		if key != k {
			out[key] = v
		}
	}
	return out
}

// checkQueries validates every saved query against the current schema.
func checkQueries(ctx context.Context, st *store.Store, stdout io.Writer) error {
	var failed int
	for skip := 0; ; skip += 100 {
		ids, total, err := st.SavedQueryPage(ctx, nil, skip, 100)
		if err != nil {
			return fmt.Errorf("queries check: %w", err)
		}
		qs, err := st.SavedQueries(ctx, ids)
		if err != nil {
			return fmt.Errorf("queries check: %w", err)
		}
		for _, q := range qs {
			if _, err := app.CheckDocument(graph.Schema(), q.Document, q.Variables); err != nil {
				failed++
				fmt.Fprintf(stdout, "FAIL %s %q: %v\n", q.ID, q.Name, err)
				continue
			}
			fmt.Fprintf(stdout, "ok   %s %q\n", q.ID, q.Name)
		}
		if skip+100 >= total {
			if failed > 0 {
				return fmt.Errorf("queries check: %d of %d saved queries no longer validate", failed, total)
			}
			fmt.Fprintf(stdout, "%d saved queries validate\n", total)
			return nil
		}
	}
}

func listQueries(ctx context.Context, gql gqlClient, stdout io.Writer) error {
	var out struct {
		SavedQueries struct {
			Edges []struct {
				Node struct {
					ID, Name      string
					Investigation *string
				}
			}
		}
	}
	if err := gql.do(ctx, `{ savedQueries(first: 100) { edges { node { id name investigation } } } }`, nil, &out); err != nil {
		return fmt.Errorf("queries list: %w", err)
	}
	for _, e := range out.SavedQueries.Edges {
		inv := "-"
		if e.Node.Investigation != nil {
			inv = *e.Node.Investigation
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\n", e.Node.ID, inv, e.Node.Name)
	}
	return nil
}

// graphQLResponse is a GraphQL response as the spec shapes it: "data", and
// "errors" only when there are any. `queries run` prints runSavedQuery's
// answer this way so that its output is what a client of the API would get
// (jq '.data…', or any GraphQL tool) and not Go's field names.
type graphQLResponse struct {
	Data   json.RawMessage   `json:"data"`
	Errors []json.RawMessage `json:"errors,omitempty"`
}

func runSaved(ctx context.Context, gql gqlClient, id string, vars map[string]any, stdout io.Writer) error {
	var out struct{ RunSavedQuery graphQLResponse }
	if err := gql.do(ctx, `mutation($id: ID!, $v: JSON) { runSavedQuery(id: $id, variables: $v) { data errors } }`,
		map[string]any{"id": id, "v": vars}, &out); err != nil {
		return fmt.Errorf("queries run %s: %w", id, err)
	}
	if err := printResponse(stdout, out.RunSavedQuery); err != nil {
		return fmt.Errorf("queries run %s: %w", id, err)
	}
	if n := len(out.RunSavedQuery.Errors); n > 0 {
		return fmt.Errorf("queries run %s: the response has %d error(s)", id, n)
	}
	return nil
}

// printResponse writes resp as indented JSON; a missing data is null, as in
// a response whose execution failed.
func printResponse(w io.Writer, resp graphQLResponse) error {
	if len(resp.Data) == 0 {
		resp.Data = json.RawMessage("null")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp); err != nil {
		return fmt.Errorf("print the response: %w", err)
	}
	return nil
}
