package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/querysize"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

// clientTimeout is how long the tests of this file wait for any answer: the
// failure signal of "the server answers fast", generous for a busy machine.
const clientTimeout = 5 * time.Second

type reply struct {
	status int
	raw    []byte
	took   time.Duration
	resp   server.Response
}

func (r reply) codes() []string {
	var out []string
	for _, e := range r.resp.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

// send makes one request with a clientTimeout client; a request the server
// does not answer in time fails the test.
func send(t *testing.T, method, target, contentType string, body io.Reader, size int64) reply {
	t.Helper()
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if size >= 0 {
		req.ContentLength = size
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	start := time.Now()
	resp, err := (&http.Client{Timeout: clientTimeout}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: no answer within %s: %v", method, target, clientTimeout, err)
	}
	defer resp.Body.Close()
	r := reply{status: resp.StatusCode}
	r.raw, err = io.ReadAll(resp.Body)
	r.took = time.Since(start)
	if err != nil {
		t.Fatalf("read the answer: %v", err)
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || strings.HasPrefix(resp.Header.Get("Content-Type"), "application/graphql-response+json") {
		if err := json.Unmarshal(r.raw, &r.resp); err != nil {
			t.Fatalf("the answer is not JSON: %v: %.300s", err, r.raw)
		}
	}
	return r
}

func postJSON(t *testing.T, srv *httptest.Server, body any) reply {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return send(t, http.MethodPost, srv.URL+"/graphql", "application/json", bytes.NewReader(b), int64(len(b)))
}

func aliases(n int, field string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, field)
	}
	b.WriteString(" }")
	return b.String()
}

// introspectionQuery is what GraphiQL sends when the Playground opens.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    description
    queryType { name kind }
    mutationType { name kind }
    subscriptionType { name kind }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL
  fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } } }`

// zeros is an endless body that costs the test no memory.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}

// The findings of issue 12's hostile tester, each answered with a code and
// fast, against a real Neo4j; no answer repeats more than 200 bytes of its
// request or shows a server path.
func TestHostileRequests(t *testing.T) {
	srv := releaseServer(t)
	search := `query($q: String!) { searchAccounts(query: $q) { totalCount edges { node { id } } } }`
	for _, tc := range []struct {
		name   string
		body   any // a JSON request, or a string sent as it is
		ctype  string
		status int
		code   string // "" for an answer with data and no errors
		msg    string
	}{
		{name: "fragment bomb 2^24", body: map[string]any{"query": querysize.FragmentBomb(24)}, status: 200, code: "LIMIT_EXCEEDED", msg: "more than 2000 fields"},
		{name: "fragment bomb 2^39", body: map[string]any{"query": querysize.FragmentBomb(39)}, status: 200, code: "LIMIT_EXCEEDED", msg: "more than 2000 fields"},
		{name: "20,000 __typename", body: map[string]any{"query": "{" + strings.Repeat(" __typename", 20000) + " }"}, status: 200, code: "LIMIT_EXCEEDED", msg: "more than 10000 tokens"},
		{name: "1,999 __typename run", body: map[string]any{"query": "{" + strings.Repeat(" __typename", 1999) + " }"}, status: 200},
		{name: "1,000 aliases of stats", body: map[string]any{"query": aliases(1000, "stats { nodes { label count } }")}, status: 200, code: "LIMIT_EXCEEDED"},
		{name: "600 aliases of stats", body: map[string]any{"query": aliases(600, "stats { nodes { label count } }")}, status: 200, code: "LIMIT_EXCEEDED", msg: "more than 2000 fields"},
		{name: "400 aliases of stats", body: map[string]any{"query": aliases(400, "stats { nodes { label count } }")}, status: 200, code: "LIMIT_EXCEEDED", msg: "exceeds the limit of 20000"},
		{name: "3,300 aliases of __schema", body: map[string]any{"query": aliases(3300, "__schema { types { name } }")}, status: 200, code: "LIMIT_EXCEEDED"},
		{name: "41 aliases of __schema", body: map[string]any{"query": aliases(41, "__schema { types { name } }")}, status: 200, code: "LIMIT_EXCEEDED", msg: "exceeds the limit of 20000"},
		{name: "a 2 MB body", body: map[string]any{"query": "{ __typename }", "pad": strings.Repeat("x", 2<<20)}, status: 413, code: "PAYLOAD_TOO_LARGE"},
		{name: "a form body (curl -d without a content type)", body: `{"query":"{ __typename }"}`, ctype: "application/x-www-form-urlencoded", status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "no content type", body: `{"query":"{ __typename }"}`, ctype: "-", status: 415, code: "UNSUPPORTED_MEDIA_TYPE"},
		{name: "bad JSON", body: `{"query": "{ __typename }",, }`, status: 400, code: "BAD_REQUEST", msg: "not valid JSON"},
		{name: "a batch", body: `[{"query":"{ __typename }"}]`, status: 400, code: "BAD_REQUEST", msg: "batched requests are not supported"},
		{name: "an empty body", body: ``, status: 400, code: "BAD_REQUEST", msg: "the body is empty"},
		{name: "a 900 KB search", body: map[string]any{"query": search, "variables": map[string]any{"q": strings.Repeat("a* ", 300_000)}}, status: 200, code: "BAD_INPUT", msg: "at most 200"},
		{name: "a 9 MB search", body: map[string]any{"query": search, "variables": map[string]any{"q": strings.Repeat("a* ", 3_000_000)}}, status: 413, code: "PAYLOAD_TOO_LARGE"},
		{name: "search: match all", body: map[string]any{"query": search, "variables": map[string]any{"q": "*:*"}}, status: 200, code: "BAD_INPUT", msg: "at least 3 characters before the *"},
		{name: "search: a one-letter prefix", body: map[string]any{"query": search, "variables": map[string]any{"q": "a*"}}, status: 200, code: "BAD_INPUT", msg: "at least 3 characters before the *"},
		{name: "search: 11 terms", body: map[string]any{"query": search, "variables": map[string]any{"q": "a b c d e f g h i j k"}}, status: 200, code: "BAD_INPUT", msg: "more than 10 words"},
		{name: "search: 201 characters", body: map[string]any{"query": search, "variables": map[string]any{"q": strings.Repeat("n", 201)}}, status: 200, code: "BAD_INPUT", msg: "at most 200"},
		{name: "search: wildcards, fuzzy, regex, ranges, operators are text", body: map[string]any{"query": search,
			"variables": map[string]any{"q": `*a*b? news~2 /.*/ [a TO z] (x^9) "x" && !y\`}}, status: 200},
		{name: "search: boolean operators are words", body: map[string]any{"query": search, "variables": map[string]any{"q": `AND OR NOT TO`}}, status: 200},
		{name: "search: unbalanced syntax is text", body: map[string]any{"query": search, "variables": map[string]any{"q": `news AND ( "fake`}}, status: 200},
		{name: "search: a prefix", body: map[string]any{"query": search, "variables": map[string]any{"q": "new*"}}, status: 200},
		{name: "a 5,000-byte id is not echoed", body: map[string]any{"query": `query($id: ID) { account(id: $id) { id } }`, "variables": map[string]any{"id": strings.Repeat("x", 5000)}}, status: 200, code: "NOT_FOUND", msg: "no account with id"},
		{name: "a 5,000-byte operation name is not echoed", body: map[string]any{"query": `{ __typename }`, "operationName": strings.Repeat("y", 5000)}, status: 422, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "a saved document of 9,000 __typename", body: map[string]any{"query": `mutation($d: String!) { saveQuery(input: {name: "x", document: $d}) { id } }`,
			"variables": map[string]any{"d": "{" + strings.Repeat(" __typename", 9000) + " }"}}, status: 200, code: "LIMIT_EXCEEDED", msg: "more than 2000 fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body []byte
			switch b := tc.body.(type) {
			case string:
				body = []byte(b)
			default:
				var err error
				if body, err = json.Marshal(b); err != nil {
					t.Fatal(err)
				}
			}
			ctype := tc.ctype
			switch ctype {
			case "":
				ctype = "application/json"
			case "-":
				ctype = ""
			}
			r := send(t, http.MethodPost, srv.URL+"/graphql", ctype, bytes.NewReader(body), int64(len(body)))
			t.Logf("%d in %s", r.status, r.took)
			checkReply(t, r, tc.status, tc.code, tc.msg, body)
		})
	}

	t.Run("a 100 MB body is refused before it is read", func(t *testing.T) {
		const size = 100 << 20
		r := send(t, http.MethodPost, srv.URL+"/graphql", "application/json", io.LimitReader(zeros{}, size), size)
		checkReply(t, r, 413, "PAYLOAD_TOO_LARGE", "larger than 1048576 bytes", nil)
	})
	t.Run("PUT", func(t *testing.T) {
		r := send(t, http.MethodPut, srv.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ __typename }"}`), -1)
		checkReply(t, r, 405, "METHOD_NOT_ALLOWED", "", nil)
	})
	t.Run("a mutation over GET", func(t *testing.T) {
		q := url.Values{"query": {`mutation { deleteQuery(id: "query:1") }`}}
		r := send(t, http.MethodGet, srv.URL+"/graphql?"+q.Encode(), "", nil, -1)
		checkReply(t, r, 405, "METHOD_NOT_ALLOWED", "GET runs queries only", nil)
	})
	t.Run("GET with broken variables", func(t *testing.T) {
		q := url.Values{"query": {`{ __typename }`}, "variables": {`{"a": ` + strings.Repeat("z", 1000)}}
		r := send(t, http.MethodGet, srv.URL+"/graphql?"+q.Encode(), "", nil, -1)
		checkReply(t, r, 400, "BAD_REQUEST", "variables must be a JSON object", []byte(q.Encode()))
	})
	t.Run("GraphiQL's introspection query still runs", func(t *testing.T) {
		r := postJSON(t, srv, map[string]any{"query": introspectionQuery})
		checkReply(t, r, 200, "", "", nil)
	})
}

// checkReply asserts status and code (or data without errors), a message
// holding msg, and that the answer repeats no more than 200 bytes of the
// request in a run, nor shows a server path.
func checkReply(t *testing.T, r reply, status int, code, msg string, request []byte) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %.400s", r.status, status, r.raw)
	}
	if code == "" {
		if len(r.resp.Errors) > 0 || len(r.resp.Data) == 0 || string(r.resp.Data) == "null" {
			t.Fatalf("want data without errors: %.400s", r.raw)
		}
	} else {
		if len(r.resp.Errors) == 0 || r.codes()[0] != code {
			t.Fatalf("codes %v, want %s: %.400s", r.codes(), code, r.raw)
		}
		if !strings.Contains(r.resp.Errors[0].Message, msg) {
			t.Fatalf("message %q, want it to hold %q", r.resp.Errors[0].Message, msg)
		}
	}
	for _, e := range r.resp.Errors {
		if c, _ := e.Extensions["code"].(string); c == "" {
			t.Fatalf("an error without a code: %.400s", r.raw)
		}
	}
	if n := server.LongestEcho(request, r.raw); n > server.MaxEchoBytes {
		t.Fatalf("the answer repeats %d bytes of the request: %.400s", n, r.raw)
	}
	for _, leak := range []string{"/work/", "/root/", ".go:", "goroutine", "Neo.ClientError"} {
		if bytes.Contains(r.raw, []byte(leak)) {
			t.Fatalf("the answer shows %q: %.400s", leak, r.raw)
		}
	}
}

// path answers "no connection" as fast as a connection on a graph where
// the legacy shortestPath with a length predicate fell back to an
// exhaustive search of every path of up to 10 hops.
func TestPathWithoutConnectionIsFast(t *testing.T) {
	srv, _ := syntheticServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	row := func(q string) []string {
		t.Helper()
		res, err := neo4jtest.DB(t).Query(ctx, q, nil)
		if err != nil || len(res.Records) == 0 {
			t.Fatalf("%s: %v, %d rows", q, err, len(res.Records))
		}
		var out []string
		for _, v := range res.Records[0].Values {
			s, _ := v.(string)
			out = append(out, s)
		}
		return out
	}
	// Two accounts two hops apart, and one with no link at all.
	far := row(`MATCH (a:Account)-[:AMPLIFIED]-(:Account)-[:AMPLIFIED]-(b:Account)
		WHERE a.uid < b.uid AND NOT (a)-[:AMPLIFIED|SAME_HANDLE]-(b) RETURN a.uid, b.uid LIMIT 1`)
	alone := row(`MATCH (a:Account) WHERE NOT (a)-[:AMPLIFIED|SAME_HANDLE]-() RETURN a.uid LIMIT 1`)[0]
	const q = `query($from: ID!, $to: ID!, $kinds: [EngagementKind!], $maxHops: Int) {
		path(from: $from, to: $to, kinds: $kinds, maxHops: $maxHops) { nodes { id } } }`
	for _, tc := range []struct {
		name string
		vars map[string]any
		want string // "null", "path", or "" for either
	}{
		{"two hops apart, maxHops 1", map[string]any{"from": far[0], "to": far[1], "maxHops": 1}, "null"},
		{"two hops apart, maxHops 6", map[string]any{"from": far[0], "to": far[1], "maxHops": 6}, "path"},
		{"an account without links", map[string]any{"from": alone, "to": far[0], "maxHops": 6}, "null"},
		{"quotes only, maxHops 6", map[string]any{"from": far[0], "to": far[1], "maxHops": 6, "kinds": []string{"QUOTE"}}, ""},
		{"mentions only, maxHops 6", map[string]any{"from": alone, "to": far[1], "maxHops": 6, "kinds": []string{"MENTION"}}, "null"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := postJSON(t, srv, map[string]any{"query": q, "variables": tc.vars})
			t.Logf("answered in %s: %.200s", r.took, r.raw)
			if r.status != 200 || len(r.resp.Errors) > 0 {
				t.Fatalf("%d: %s", r.status, r.raw)
			}
			got := "path"
			if strings.Contains(string(r.resp.Data), `"path":null`) {
				got = "null"
			}
			if tc.want != "" && got != tc.want {
				t.Fatalf("got %s, want %s: %s", got, tc.want, r.raw)
			}
		})
	}
}

// logBuffer collects a server's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Split(strings.TrimSpace(l.b.String()), "\n")
}

func (l *logBuffer) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

// proxied opens a store that reaches the test Neo4j through a proxy, with
// the driver profile of `iograph serve` (FailFast). bolt://, not neo4j://:
// a routing table would send the driver to Neo4j's own address, around the
// proxy.
func proxied(t *testing.T) (*store.Store, *proxy) {
	t.Helper()
	neo4jtest.Fresh(t) // the lock and an empty database
	cfg := neo4jtest.Config(t)
	u, err := url.Parse(cfg.URI)
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	cfg.URI = "bolt://" + p.addr
	cfg.FailFast = true
	st, err := store.Open(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	return st, p
}

const fiveFields = `{ a: datasets { name } b: datasets { name } c: account(id: "twitter:1") { id }
	d: savedCoordinations { id } e: stats { nodes { label } } }`

// While Neo4j cannot be reached, queries answer UNAVAILABLE within about a
// second (the driver's fail-fast profile; a request's other store calls
// fail at once after the first) and /readyz 503; the request logs one line;
// once Neo4j is reachable again, queries answer without a restart.
func TestNeo4jUnreachable(t *testing.T) {
	st, p := proxied(t)
	logs := &logBuffer{}
	srv := httptest.NewServer(signedInLogging(t, st, slog.New(slog.NewTextHandler(logs, nil)), model.RoleAnalyst))
	defer srv.Close()
	if r := postJSON(t, srv, map[string]any{"query": fiveFields}); len(r.resp.Errors) > 0 && r.codes()[0] != "NOT_FOUND" {
		t.Fatalf("with Neo4j up: %s", r.raw)
	}

	p.down()
	logs.reset()
	r := postJSON(t, srv, map[string]any{"query": fiveFields})
	t.Logf("UNAVAILABLE after %s: %.300s", r.took, r.raw)
	if len(r.resp.Errors) == 0 {
		t.Fatalf("with Neo4j down: %s", r.raw)
	}
	for _, c := range r.codes() {
		if c != "UNAVAILABLE" {
			t.Fatalf("codes %v, want UNAVAILABLE only: %s", r.codes(), r.raw)
		}
	}
	lines := logs.lines()
	if r.took > 2*time.Second {
		t.Errorf("UNAVAILABLE took %s, want within 2s: %s", r.took, strings.Join(lines, "\n"))
	}
	if len(lines) != 1 || !strings.Contains(lines[0], "msg=http") || !strings.Contains(lines[0], "unavailable=") {
		t.Fatalf("want one log line for the request, got %d:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	ready := send(t, http.MethodGet, srv.URL+"/readyz", "", nil, -1)
	if ready.status != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with Neo4j down: %d", ready.status)
	}

	p.up()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := postJSON(t, srv, map[string]any{"query": `{ datasets { name } }`})
		if len(r.resp.Errors) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queries still fail 20s after Neo4j came back: %s", r.raw)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if ready := send(t, http.MethodGet, srv.URL+"/readyz", "", nil, -1); ready.status != http.StatusOK {
		t.Fatalf("/readyz with Neo4j back: %d", ready.status)
	}
}

// With the server's Neo4j slots taken (Neo4j stalled), more store calls are
// refused as UNAVAILABLE at once when the queue is full, or after the queue
// wait; a request whose client leaves stops, logs one line and frees its
// slot.
func TestStoreBusyAndClientsThatLeave(t *testing.T) {
	st, p := proxied(t)
	logs := &logBuffer{}
	lim := config.Limits{MaxBodyBytes: 1 << 20, StoreConcurrency: 1, StoreQueue: 1, StoreQueueWait: time.Second, RequestConcurrency: 4}
	srv := httptest.NewServer(signedInLogging(t, st, slog.New(slog.NewTextHandler(logs, nil)), model.RoleAnalyst, server.WithLimits(lim)))
	defer srv.Close()
	const one = `{"query":"{ datasets { name } }"}`
	if r := send(t, http.MethodPost, srv.URL+"/graphql", "application/json", strings.NewReader(one), -1); len(r.resp.Errors) > 0 {
		t.Fatalf("warm-up: %s", r.raw)
	}

	p.stall()
	// A holds the only slot while Neo4j does not answer, until its client
	// leaves.
	actx, leave := context.WithCancel(context.Background())
	aDone := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(actx, http.MethodPost, srv.URL+"/graphql", strings.NewReader(one))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		aDone <- err
	}()
	time.Sleep(500 * time.Millisecond)
	logs.reset()

	// B and C: one waits in the queue for a second, the other finds the
	// queue full.
	var wg sync.WaitGroup
	replies := make([]reply, 2)
	for i := range replies {
		wg.Go(func() {
			replies[i] = send(t, http.MethodPost, srv.URL+"/graphql", "application/json", strings.NewReader(one), -1)
		})
	}
	wg.Wait()
	for _, r := range replies {
		t.Logf("busy: %s in %s", r.raw, r.took)
		if len(r.resp.Errors) != 1 || r.codes()[0] != "UNAVAILABLE" || !strings.Contains(r.resp.Errors[0].Message, "the server is busy") {
			t.Fatalf("with the slot taken: %s", r.raw)
		}
	}

	leave()
	if err := <-aDone; !errors.Is(err, context.Canceled) {
		t.Fatalf("A: %v", err)
	}
	// A's request stops: its log line arrives although Neo4j still stalls.
	deadline := time.Now().Add(clientTimeout)
	for !strings.Contains(strings.Join(logs.lines(), "\n"), "duration=") || len(logs.lines()) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("the request whose client left is still running:\n%s", strings.Join(logs.lines(), "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, l := range logs.lines() {
		if !strings.Contains(l, "msg=http") {
			t.Fatalf("a log line that is not a request's: %s", l)
		}
	}
	p.flow()
	if r := send(t, http.MethodPost, srv.URL+"/graphql", "application/json", strings.NewReader(one), -1); len(r.resp.Errors) > 0 {
		t.Fatalf("after A left, its slot is free again: %s", r.raw)
	}
}

// A request's own fields wait for each other (RequestConcurrency) before
// they take a server slot: one request of many fields is not refused by
// its own parallelism, however small the server's bound.
func TestRequestFieldsQueueInsideTheRequest(t *testing.T) {
	lim := config.Limits{MaxBodyBytes: 1 << 20, StoreConcurrency: 1, StoreQueue: 0, StoreQueueWait: 0, RequestConcurrency: 1}
	srv := httptest.NewServer(signedIn(t, neo4jtest.Fresh(t), model.RoleAnalyst, server.WithLimits(lim)))
	defer srv.Close()
	r := postJSON(t, srv, map[string]any{"query": aliases(12, "datasets { name }")})
	if r.status != 200 || len(r.resp.Errors) > 0 {
		t.Fatalf("%d: %s", r.status, r.raw)
	}
}
