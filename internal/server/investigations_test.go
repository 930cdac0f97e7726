package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/loadertest"
	"github.com/iograph/iograph/loaders/twitterio"
)

// ok runs a query that must succeed and returns its data.
func ok(t *testing.T, srv *httptest.Server, q string, vars map[string]any) map[string]any {
	t.Helper()
	body := gql(t, srv, q, vars)
	var resp struct {
		Data   map[string]any
		Errors []any
	}
	if err := json.Unmarshal(body, &resp); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%v %s", err, body)
	}
	return resp.Data
}

// refused runs a query that must fail with code and a message containing msg.
func refused(t *testing.T, srv *httptest.Server, q string, vars map[string]any, code, msg string) {
	t.Helper()
	body := gql(t, srv, q, vars)
	var resp struct {
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.Unmarshal(body, &resp); err != nil || len(resp.Errors) == 0 ||
		resp.Errors[0].Extensions["code"] != code || !strings.Contains(resp.Errors[0].Message, msg) {
		t.Fatalf("want %s containing %q; got %s", code, msg, body)
	}
}

func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const investigationFields = `id title description status author tags createdAt updatedAt
  seeds { id handle } pinned { id }
  notes { id text author about investigation }
  queries { id name description document variables version lastRunAt history { version document variables } }`

// An investigation with seeds, pins, notes and saved queries survives a
// server restart and a re-load of its data; its saved queries run through
// the same schema and limits as live requests.
func TestInvestigationSurvivesRestartAndReload(t *testing.T) {
	srv, st := releaseFixture(t)
	inv := ok(t, srv, `mutation { createInvestigation(input: {title: " HK protests, Aug 2019 ", description: "Seeds from Twitter's disclosure",
		author: "analyst-1", tags: ["HK", "china", "hk"], seeds: ["twitter:1001"]}) { id title tags status seeds { id } } }`, nil)["createInvestigation"].(map[string]any)
	id := inv["id"].(string)
	if inv["title"] != "HK protests, Aug 2019" || jsonOf(t, inv["tags"]) != `["hk","china"]` || inv["status"] != "OPEN" ||
		jsonOf(t, inv["seeds"]) != `[{"id":"twitter:1001"}]` {
		t.Fatalf("created: %v", inv)
	}
	vars := map[string]any{"id": id}
	ok(t, srv, `mutation($id: ID!) { addSeeds(investigation: $id, accounts: ["twitter:1002", "twitter:1001"]) { id } }`, vars)
	ok(t, srv, `mutation($id: ID!) { pinNodes(investigation: $id, accounts: ["facebook:@hkpoliticalnew"]) { id } }`, vars)
	ok(t, srv, `mutation($id: ID!) { addNote(input: {investigation: $id, text: "Seed posts every 10 minutes", author: "analyst-1"}) { id } }`, vars)
	ok(t, srv, `mutation($id: ID!) { addNote(input: {investigation: $id, about: "twitter:1001", text: "Same handle as the FB page"}) { id about investigation } }`, vars)
	note := ok(t, srv, `mutation { addNote(input: {about: "twitter:1002", text: "Seen in another case"}) { id about investigation } }`, nil)["addNote"].(map[string]any)
	if note["about"] != "twitter:1002" || note["investigation"] != nil {
		t.Fatalf("note on a node: %v", note)
	}
	const doc = `query($seed: ID!, $first: Int) { amplifiers(seed: $seed, first: $first) { totalCount edges { node { account { id } total } } } }`
	q := ok(t, srv, `mutation($id: ID!, $doc: String!) { saveQuery(input: {investigation: $id, name: "Who amplified the seed", document: $doc,
		variables: {seed: "twitter:1001", first: 5}}) { id version variables } }`, map[string]any{"id": id, "doc": doc})["saveQuery"].(map[string]any)
	qid := q["id"].(string)
	if q["version"] != float64(1) || jsonOf(t, q["variables"]) != `{"first":5,"seed":"twitter:1001"}` {
		t.Fatalf("saved: %v", q)
	}
	if n := loadertest.Int(t, st, `MATCH (:SavedQuery {id: $id})-[:ABOUT]->(:Account {uid: 'twitter:1001'}) RETURN count(*) AS n`, map[string]any{"id": qid}); n != 1 {
		t.Fatalf("the saved query is not linked to the account its variables name (%d links)", n)
	}
	ok(t, srv, `mutation($q: ID!) { updateQuery(id: $q, input: {description: "Top amplifiers by total", variables: {seed: "twitter:1001", first: 3}}) { version } }`, map[string]any{"q": qid})

	// Run it, with a variable overridden, as a live request would.
	runQ := `mutation($q: ID!, $v: JSON) { runSavedQuery(id: $q, variables: $v) { variables data errors ranAt query { lastRunAt } } }`
	got := ok(t, srv, runQ, map[string]any{"q": qid, "v": map[string]any{"first": 1}})["runSavedQuery"].(map[string]any)
	live := ok(t, srv, doc, map[string]any{"seed": "twitter:1001", "first": 1})
	if jsonOf(t, got["data"]) != jsonOf(t, live) || jsonOf(t, got["errors"]) != `[]` || got["query"].(map[string]any)["lastRunAt"] == nil {
		t.Fatalf("saved run %s differs from the live request %s", jsonOf(t, got), jsonOf(t, live))
	}
	// The same limits apply: a first above the field's maximum fails inside the run, with its code and path.
	got = ok(t, srv, runQ, map[string]any{"q": qid, "v": map[string]any{"first": 501}})["runSavedQuery"].(map[string]any)
	if errs := jsonOf(t, got["errors"]); !strings.Contains(errs, "BAD_INPUT") || !strings.Contains(errs, `"path":["amplifiers"]`) {
		t.Fatalf("limits do not apply to saved runs: %s", errs)
	}

	before := jsonOf(t, ok(t, srv, `query($id: ID!) { investigation(id: $id) { `+investigationFields+` } }`, vars))
	// A new server (nothing kept in the process) sees the same investigation.
	srv2 := httptest.NewServer(signedIn(t, st, model.RoleAdmin))
	defer srv2.Close()
	if after := jsonOf(t, ok(t, srv2, `query($id: ID!) { investigation(id: $id) { `+investigationFields+` } }`, vars)); after != before {
		t.Fatalf("after a restart:\n%s\nwant\n%s", after, before)
	}
	// Loading the release again keeps seeds, pins, notes and queries.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rej, _ := loaders.NewRejects("")
	if _, err := twitterio.Load(ctx, neo4jtest.DB(t), []string{
		"../../loaders/twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv",
		"../../loaders/twitterio/testdata/hk_test_082019_1_tweets_csv_hashed.csv",
	}, "", loaders.Options{}, rej); err != nil {
		t.Fatal(err)
	}
	if after := jsonOf(t, ok(t, srv2, `query($id: ID!) { investigation(id: $id) { `+investigationFields+` } }`, vars)); after != before {
		t.Fatalf("after a re-load:\n%s\nwant\n%s", after, before)
	}
	full := ok(t, srv2, `query($id: ID!) { investigation(id: $id) { `+investigationFields+` } }`, vars)["investigation"].(map[string]any)
	if seeds := jsonOf(t, full["seeds"]); !strings.Contains(seeds, `"id":"twitter:1001"},{`) || !strings.HasSuffix(seeds, `"id":"twitter:1002"}]`) {
		t.Fatalf("seeds: %s", jsonOf(t, full["seeds"]))
	}
	if len(full["notes"].([]any)) != 2 || len(full["queries"].([]any)) != 1 || len(full["pinned"].([]any)) != 1 {
		t.Fatalf("investigation lost parts: %s", jsonOf(t, full))
	}
	hist := full["queries"].([]any)[0].(map[string]any)
	if hist["version"] != float64(2) || len(hist["history"].([]any)) != 1 {
		t.Fatalf("versions: %s", jsonOf(t, hist))
	}
	if notes := ok(t, srv2, `{ notes(about: "twitter:1001") { text } }`, nil); jsonOf(t, notes) != `{"notes":[{"text":"Same handle as the FB page"}]}` {
		t.Fatalf("notes about a node: %s", jsonOf(t, notes))
	}

	// Archive: it leaves the default list, stays reachable.
	ok(t, srv2, `mutation($id: ID!) { archiveInvestigation(id: $id) { status } }`, vars)
	if l := ok(t, srv2, `{ investigations { totalCount } archived: investigations(status: ARCHIVED) { totalCount edges { node { id } } } }`, nil); jsonOf(t, l["investigations"]) != `{"totalCount":0}` ||
		!strings.Contains(jsonOf(t, l["archived"]), id) {
		t.Fatalf("archive: %s", jsonOf(t, l))
	}
	ok(t, srv2, `mutation($id: ID!) { removeSeeds(investigation: $id, accounts: ["twitter:1002"]) { id } unpinNodes(investigation: $id, accounts: ["facebook:@hkpoliticalnew"]) { id } }`, vars)
	if inv := ok(t, srv2, `query($id: ID!) { investigation(id: $id) { seeds { id } pinned { id } } }`, vars); jsonOf(t, inv) != `{"investigation":{"pinned":[],"seeds":[{"id":"twitter:1001"}]}}` {
		t.Fatalf("remove: %s", jsonOf(t, inv))
	}
	ok(t, srv2, `mutation($q: ID!) { deleteQuery(id: $q) }`, map[string]any{"q": qid})
	refused(t, srv2, `query($q: ID!) { savedQuery(id: $q) { id } }`, map[string]any{"q": qid}, "NOT_FOUND", "no saved query with id")
	if n := loadertest.Int(t, st, `MATCH (v:SavedQueryVersion) RETURN count(v) AS n`, nil); n != 0 {
		t.Fatalf("deleting a query left %d versions", n)
	}
}

// Each bad input gets a clear error and writes nothing.
func TestInvestigationBadInput(t *testing.T) {
	srv, st := releaseFixture(t)
	id := ok(t, srv, `mutation { createInvestigation(input: {title: "t", seeds: ["twitter:1001"]}) { id } }`, nil)["createInvestigation"].(map[string]any)["id"].(string)
	ok(t, srv, `mutation($id: ID!) { saveQuery(input: {investigation: $id, name: "stats", document: "{ stats { nodes { label count } } }"}) { id } }`, map[string]any{"id": id})
	count := func() string {
		return jsonOf(t, []int64{
			loadertest.Int(t, st, `MATCH (n:Investigation) RETURN count(n) AS n`, nil),
			loadertest.Int(t, st, `MATCH (:Investigation)-[r:SEED|PINNED]->() RETURN count(r) AS n`, nil),
			loadertest.Int(t, st, `MATCH (n:Note) RETURN count(n) AS n`, nil),
			loadertest.Int(t, st, `MATCH (n:SavedQuery) RETURN count(n) AS n`, nil),
		})
	}
	before := count()
	v := map[string]any{"id": id}
	for _, c := range []struct {
		name, query string
		vars        map[string]any
		code, msg   string
	}{
		{"empty title", `mutation { createInvestigation(input: {title: "  "}) { id } }`, nil, "BAD_INPUT", "title must be 1 to 200 characters"},
		{"unknown seed", `mutation { createInvestigation(input: {title: "x", seeds: ["twitter:1001", "twitter:404", "twitter:405"]}) { id } }`, nil, "NOT_FOUND", `no account with id "twitter:404", "twitter:405"`},
		{"unknown investigation", `{ investigation(id: "investigation:404") { id } }`, nil, "NOT_FOUND", `no investigation with id "investigation:404"`},
		{"seeds of unknown investigation", `mutation { addSeeds(investigation: "investigation:404", accounts: ["twitter:1001"]) { id } }`, nil, "NOT_FOUND", "no investigation"},
		{"unknown account as seed", `mutation($id: ID!) { addSeeds(investigation: $id, accounts: ["twitter:1002", "twitter:404"]) { id } }`, v, "NOT_FOUND", `no account with id "twitter:404"`},
		{"no accounts", `mutation($id: ID!) { pinNodes(investigation: $id, accounts: []) { id } }`, v, "BAD_INPUT", "accounts must list 1 to 100 ids"},
		{"bad status", `mutation($id: ID!) { updateInvestigation(id: $id, input: {status: DONE}) { id } }`, v, "GRAPHQL_VALIDATION_FAILED", "DONE"},
		{"note without target", `mutation { addNote(input: {text: "x"}) { id } }`, nil, "BAD_INPUT", "needs an investigation, a node (about), or both"},
		{"note on unknown node", `mutation($id: ID!) { addNote(input: {investigation: $id, about: "twitter:404", text: "x"}) { id } }`, v, "NOT_FOUND", `no account or post with id "twitter:404"`},
		{"empty note", `mutation($id: ID!) { addNote(input: {investigation: $id, text: " "}) { id } }`, v, "BAD_INPUT", "text must be 1 to 10000 characters"},
		{"invalid document", `mutation { saveQuery(input: {name: "bad", document: "{ stats { nodez } account(id: 1, handle: 2) { nope } }"}) { id } }`, nil,
			"BAD_INPUT", `(line 1, column 11); 2) String cannot represent a non string value: 2 (line 1, column 42); 3) Cannot query field "nope" on type "Account"`},
		{"unparsable document", `mutation { saveQuery(input: {name: "bad", document: "{ stats { "}) { id } }`, nil, "BAD_INPUT", "the document does not validate against the schema: 1) Expected Name, found <EOF>"},
		{"mutation document", `mutation { saveQuery(input: {name: "bad", document: "mutation { deleteQuery(id: \"x\") }"}) { id } }`, nil, "BAD_INPUT", "must be a query, not a mutation"},
		{"two operations", `mutation { saveQuery(input: {name: "bad", document: "query A { stats { nodes { count } } } query B { datasets { name } }"}) { id } }`, nil, "BAD_INPUT", "exactly one operation; this one has 2"},
		{"unknown variable on save", `mutation { saveQuery(input: {name: "bad", document: "query($seed: ID!) { account(id: $seed) { id } }", variables: {sead: "twitter:1001"}}) { id } }`, nil,
			"BAD_INPUT", "unknown variables $sead: the document declares $seed"},
		{"duplicate name", `mutation($id: ID!) { saveQuery(input: {investigation: $id, name: "stats", document: "{ stats { nodes { count } } }"}) { id } }`, v, "BAD_INPUT", `a saved query named "stats" exists already in investigation`},
		{"query in unknown investigation", `mutation { saveQuery(input: {investigation: "investigation:404", name: "x", document: "{ datasets { name } }"}) { id } }`, nil, "NOT_FOUND", "no investigation"},
		{"run unknown query", `mutation { runSavedQuery(id: "query:404") { data } }`, nil, "NOT_FOUND", `no saved query with id "query:404"`},
		{"update unknown query", `mutation { updateQuery(id: "query:404", input: {name: "x"}) { id } }`, nil, "NOT_FOUND", `no saved query with id "query:404"`},
		{"delete unknown query", `mutation { deleteQuery(id: "query:404") }`, nil, "NOT_FOUND", `no saved query with id "query:404"`},
		{"page size", `{ investigations(first: 0) { totalCount } }`, nil, "BAD_INPUT", "first must be between 1 and 100, got 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			refused(t, srv, c.query, c.vars, c.code, c.msg)
			if after := count(); after != before {
				t.Fatalf("a refused change wrote: %s, was %s", after, before)
			}
		})
	}
	// Unknown variables when running, and a document broken by a schema change, are refused too.
	qid := ok(t, srv, `{ savedQueries { edges { node { id } } } }`, nil)["savedQueries"].(map[string]any)["edges"].([]any)[0].(map[string]any)["node"].(map[string]any)["id"]
	refused(t, srv, `mutation($q: ID!) { runSavedQuery(id: $q, variables: {first: 3}) { data } }`, map[string]any{"q": qid}, "BAD_INPUT", "unknown variables $first: the document declares none")
	if _, err := neo4jtest.DB(t).Query(context.Background(), `MATCH (q:SavedQuery {id: $id}) SET q.document = '{ stats { retired } }'`,
		map[string]any{"id": qid}); err != nil {
		t.Fatal(err)
	}
	refused(t, srv, `mutation($q: ID!) { runSavedQuery(id: $q) { data } }`, map[string]any{"q": qid}, "BAD_INPUT", `Cannot query field "retired" on type "Stats"`)
}

// Frontends send a document's sha256 instead of the document once the
// server knows it (gqlgen's automatic persisted queries).
func TestAutomaticPersistedQueries(t *testing.T) {
	srv := releaseServer(t)
	const doc = `{ stats { nodes { label count } } }`
	sum := sha256.Sum256([]byte(doc))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post := func(body map[string]any) string {
		t.Helper()
		b, _ := json.Marshal(body)
		resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return string(out)
	}
	if got := post(map[string]any{"extensions": ext}); !strings.Contains(got, "PersistedQueryNotFound") {
		t.Fatalf("an unknown hash: %s", got)
	}
	first := post(map[string]any{"query": doc, "extensions": ext})
	if !strings.Contains(first, `"label":"Account"`) {
		t.Fatalf("hash and document: %s", first)
	}
	if got := post(map[string]any{"extensions": ext}); got != first {
		t.Fatalf("hash alone: %s, want %s", got, first)
	}
	bad := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": strings.Repeat("0", 64)}}
	if got := post(map[string]any{"query": doc, "extensions": bad}); !strings.Contains(got, "provided APQ hash does not match query") {
		t.Fatalf("a wrong hash: %s", got)
	}
}
