package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders/loadertest"
)

// Every demo saved query loads, validates and runs without errors and with
// data on the demo's generated release and asset list (what `make run`
// loads, minus the real datasets the queries do not use).
func TestDemoSavedQueriesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a 30,000-tweet release")
	}
	st := neo4jtest.Fresh(t)
	ctx := context.Background()
	dir := t.TempDir()
	flags := neo4jFlags(t)
	cli := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if args[0] != "gen" {
			args = append(args, flags...)
		}
		if err := run(ctx, args, &out, &errOut); err != nil {
			t.Fatalf("iograph %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
		}
		return out.String()
	}
	// the same flags as scripts/run
	cli("gen", "twitter-io", "--tweets", "30000", "--accounts", "1500", "--groups", "3", "--group-size", "8", "--seed", "2019",
		"--campaign", "synthetic_hk", "--out", dir)
	users, _ := filepath.Glob(filepath.Join(dir, "*_users_csv_hashed.csv"))
	tweets, _ := filepath.Glob(filepath.Join(dir, "*_tweets_csv_hashed.csv"))
	cli(append([]string{"load", "twitter-io", "--synthetic"}, append(users, tweets...)...)...)
	cli("load", "assets", loadertest.Demo+"/hk_2019_takedown_assets.csv")
	files, _ := filepath.Glob(loadertest.Demo + "/queries/*.graphql")
	if len(files) < 5 {
		t.Fatalf("the demo has %d saved queries; want one per analyst question (5)", len(files))
	}
	cli(append([]string{"queries", "load"}, files...)...)
	// Loading again updates in place: no duplicates, no new versions.
	if out := cli(append([]string{"queries", "load"}, files...)...); strings.Count(out, "updated ") != len(files) {
		t.Fatalf("second load:\n%s", out)
	}
	if n := loadertest.Int(t, st, `MATCH (q:SavedQuery) RETURN count(q) AS n`, nil); n != int64(len(files)) {
		t.Fatalf("%d saved queries for %d files", n, len(files))
	}
	if n := loadertest.Int(t, st, `MATCH (v:SavedQueryVersion) RETURN count(v) AS n`, nil); n != 0 {
		t.Fatalf("an unchanged re-load made %d versions", n)
	}
	if out := cli("queries", "check"); !strings.Contains(out, "saved queries validate") {
		t.Fatalf("check:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(cli("queries", "list")), "\n") {
		id, name, _ := strings.Cut(line, "\t")
		t.Run(name, func(t *testing.T) {
			var resp struct {
				Data   map[string]any
				Errors []any
			}
			if err := json.Unmarshal([]byte(cli("queries", "run", id)), &resp); err != nil || len(resp.Errors) > 0 {
				t.Fatalf("%v %v", err, resp.Errors)
			}
			for field, v := range resp.Data {
				if v == nil || string(mustJSON(t, v)) == "[]" || strings.Contains(string(mustJSON(t, v)), `"nodes":[]`) {
					t.Errorf("%s is empty: the demo query answers nothing", field)
				}
			}
		})
	}

	// A saved query that returns a network exports from the command line.
	var netID string
	for _, line := range strings.Split(strings.TrimSpace(cli("queries", "list")), "\n") {
		if strings.Contains(line, "amplification network") {
			netID, _, _ = strings.Cut(line, "\t")
		}
	}
	gexf := filepath.Join(dir, "network.gexf")
	cli("export", "--saved-query", netID, "--format", "gexf", "--out", gexf)
	if b, err := os.ReadFile(gexf); err != nil || !strings.Contains(string(b), `xmlns="http://gexf.net/1.3"`) || !strings.Contains(string(b), "<edge ") {
		t.Fatalf("export: %v %.300s", err, b)
	}
	var exportErr bytes.Buffer
	if err := run(ctx, append([]string{"export", "--saved-query", netID, "--format", "pdf"}, flags...), io.Discard, &exportErr); err == nil ||
		!errors.Is(err, errUsage) || !strings.Contains(err.Error(), "gexf, graphml, csv, json") {
		t.Fatalf("bad format: %v", err)
	}

	// After a schema change a stored document may no longer validate: check says which.
	if _, err := neo4jtest.DB(t).Query(ctx, `MATCH (q:SavedQuery) WITH q LIMIT 1 SET q.document = '{ stats { retired } }'`, nil); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(ctx, append([]string{"queries", "check"}, flags...), &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "1 of 7 saved queries no longer validate") || !strings.Contains(out.String(), `FAIL query:`) ||
		!strings.Contains(out.String(), `Cannot query field "retired" on type "Stats"`) {
		t.Fatalf("check after a schema change: %v\n%s", err, out.String())
	}
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestQueriesCommandMistakes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badVars := write("bad_vars.graphql", "# name: x\n# variables: {seed: 1}\nquery($seed: ID!) { account(id: $seed) { id } }\n")
	invalid := write("invalid.graphql", "# name: y\n{ stats { nodez } }\n")
	mutation := write("mutation.graphql", "mutation { deleteQuery(id: \"x\") }\n")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"queries"}, "give load, check, list or run"},
		{"unknown subcommand", []string{"queries", "save"}, `unknown subcommand "save"`},
		{"load nothing", []string{"queries", "load"}, "give .graphql files"},
		{"bad variables", []string{"queries", "load", badVars}, badVars + " line 2 field variables: not a JSON object"},
		{"invalid document", []string{"queries", "load", invalid}, invalid + `: the document does not validate against the schema: 1) Cannot query field "nodez"`},
		{"mutation", []string{"queries", "load", mutation}, "must be a query, not a mutation"},
		{"missing file", []string{"queries", "load", filepath.Join(dir, "nope.graphql")}, "no such file"},
		{"run without id", []string{"queries", "run"}, "give one saved query id"},
		{"bad run variables", []string{"queries", "run", "--variables", "[1]", "query:1"}, "--variables is not a JSON object"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := run(context.Background(), c.args, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v; want an error containing %q", err, c.want)
			}
			if strings.HasPrefix(c.name, "no") || strings.Contains(c.name, "unknown") || strings.Contains(c.name, "without") {
				if !errors.Is(err, errUsage) {
					t.Errorf("%v is not a usage error", err)
				}
			}
		})
	}
}

// `queries run` prints a GraphQL response: "data", and "errors" only when
// the run has some (then it exits 1).
func TestQueriesRunPrintsGraphQLResponse(t *testing.T) {
	neo4jtest.Fresh(t)
	ctx := context.Background()
	flags := neo4jFlags(t)
	ok := loadertest.WriteFile(t, "ok.graphql", "# name: ok\n{ datasets { name } }\n")
	// Valid against the schema, refused when it runs.
	failing := loadertest.WriteFile(t, "failing.graphql", "# name: failing\n# variables: {\"hops\": 50}\n"+
		"query($hops: Int) { network(seeds: [\"twitter:1\"], hops: $hops) { nodes { id } edges { id source target } } }\n")
	if err := run(ctx, append([]string{"queries", "load", ok, failing}, flags...), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var list bytes.Buffer
	if err := run(ctx, append([]string{"queries", "list"}, flags...), &list, io.Discard); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(list.String()), "\n") {
		f := strings.Split(line, "\t")
		ids[f[2]] = f[0]
	}
	for _, tc := range []struct {
		name     string
		wantKeys string
		wantErr  string
	}{
		{"ok", "data", ""},
		{"failing", "data,errors", "the response has 1 error(s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(ctx, append([]string{"queries", "run", ids[tc.name]}, flags...), &out, io.Discard)
			if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			var resp map[string]json.RawMessage
			if err := json.Unmarshal(out.Bytes(), &resp); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out.String())
			}
			var keys []string
			for k := range resp {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if strings.Join(keys, ",") != tc.wantKeys {
				t.Fatalf("keys %v, want %s:\n%s", keys, tc.wantKeys, out.String())
			}
			if tc.name == "failing" && !strings.Contains(string(resp["errors"]), "hops must be at most 3") {
				t.Errorf("errors %s", resp["errors"])
			}
		})
	}
}

func TestPrintResponse(t *testing.T) {
	for _, tc := range []struct {
		name string
		resp graphQLResponse
		want string
	}{
		{"data", graphQLResponse{Data: json.RawMessage(`{"a":1}`)}, "{\n  \"data\": {\n    \"a\": 1\n  }\n}\n"},
		{"no data", graphQLResponse{}, "{\n  \"data\": null\n}\n"},
		{"errors", graphQLResponse{Data: json.RawMessage(`null`), Errors: []json.RawMessage{json.RawMessage(`{"message":"<x> & y"}`)}},
			"{\n  \"data\": null,\n  \"errors\": [\n    {\n      \"message\": \"<x> & y\"\n    }\n  ]\n}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := printResponse(&b, tc.resp); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tc.want)
			}
		})
	}
}
