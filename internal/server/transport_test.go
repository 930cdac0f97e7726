package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/querysize"
	"github.com/iograph/iograph/resolvers"
)

// dryRun is the real executor (parsing, validation, limits, error
// presentation) that answers every operation that passes them with a fixed
// response instead of running resolvers: the transport tests need no Neo4j.
type dryRun struct{ *executor.Executor }

func (dryRun) DispatchOperation(ctx context.Context, _ *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	return graphql.OneShot(&graphql.Response{Data: []byte(`{"ran":true}`)}), ctx
}

// edge serves /graphql as Handler does, with transports over dryRun and a
// body limit of maxBody bytes.
func edge(maxBody int64) func(w http.ResponseWriter, r *http.Request) {
	exec := executor.New(schemaForTests())
	configure(exec, &resolvers.Resolver{}, slog.New(slog.DiscardHandler))
	lim := config.DefaultLimits()
	lim.MaxBodyBytes = maxBody
	ts := transports(lim)
	return func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(graphql.StartOperationTrace(r.Context())) // as handler.Server does
		for _, t := range ts {
			if t.Supports(r) {
				t.Do(w, r, dryRun{exec})
				return
			}
		}
		panic("no transport")
	}
}

// Response is a GraphQL answer as a client decodes it (exported to the
// package's external tests).
type Response struct {
	Data   json.RawMessage
	Errors []struct {
		Message    string
		Path       []any
		Extensions map[string]any
	}
}

type answer struct {
	status int
	body   []byte
	resp   Response
}

func serve(t testing.TB, h func(http.ResponseWriter, *http.Request), method, target, contentType string, body []byte) answer {
	r := httptest.NewRequest(method, "/graphql", bytes.NewReader(body))
	if target != "" {
		r.URL.RawQuery = target
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h(w, r)
	a := answer{status: w.Code, body: w.Body.Bytes()}
	if method != http.MethodOptions && method != http.MethodHead {
		if err := json.Unmarshal(a.body, &a.resp); err != nil {
			t.Fatalf("%s %s: the answer is not JSON: %v: %q", method, contentType, err, a.body)
		}
	}
	return a
}

// checkAnswer holds for every answer of /graphql: a response with data, or
// errors that each carry a code and a message of at most MaxMessageBytes,
// and no run of more than MaxEchoBytes of the request echoed back.
func checkAnswer(t testing.TB, a answer, inputs ...[]byte) {
	t.Helper()
	if len(a.resp.Errors) == 0 && (len(a.resp.Data) == 0 || string(a.resp.Data) == "null") {
		t.Fatalf("status %d: neither data nor errors: %s", a.status, a.body)
	}
	for _, e := range a.resp.Errors {
		if code, _ := e.Extensions["code"].(string); code == "" {
			t.Fatalf("status %d: an error without a code: %s", a.status, a.body)
		}
		if len(e.Message) > MaxMessageBytes {
			t.Fatalf("a message of %d bytes: %q", len(e.Message), e.Message)
		}
	}
	for _, in := range inputs {
		if n := LongestEcho(in, a.body); n > MaxEchoBytes {
			t.Fatalf("the answer echoes %d bytes of the request: %s", n, a.body)
		}
	}
}

// LongestEcho is at least MaxEchoBytes+1 when out holds a run of more than
// MaxEchoBytes bytes of in, and 0 otherwise. (Exported to the package's
// external tests.)
func LongestEcho(in, out []byte) int {
	const w = MaxEchoBytes + 1
	if len(in) < w || len(out) < w {
		return 0
	}
	seen := make(map[string]bool, len(out)-w+1)
	for i := 0; i+w <= len(out); i++ {
		seen[string(out[i:i+w])] = true
	}
	for i := 0; i+w <= len(in); i++ {
		if seen[string(in[i:i+w])] {
			return w
		}
	}
	return 0
}

func TestTransportRefusals(t *testing.T) {
	h := edge(1 << 20)
	big := []byte(`{"query":"{ __typename }","x":"` + strings.Repeat("a", 1<<20) + `"}`)
	for _, tc := range []struct {
		name, method, query, contentType string
		body                             []byte
		status                           int
		code                             string
	}{
		{"a query", "POST", "", "application/json", []byte(`{"query":"{ __typename }"}`), 200, ""},
		{"charset is fine", "POST", "", "application/json; charset=utf-8", []byte(`{"query":"{ __typename }"}`), 200, ""},
		{"the GraphQL response type is fine", "POST", "", "application/graphql-response+json", []byte(`{"query":"{ __typename }"}`), 200, ""},
		{"form-urlencoded (curl -d)", "POST", "", "application/x-www-form-urlencoded", []byte(`{"query":"{ __typename }"}`), 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"no content type", "POST", "", "", []byte(`{"query":"{ __typename }"}`), 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"text/plain", "POST", "", "text/plain", []byte(`{"query":"{ __typename }"}`), 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"application/graphql", "POST", "", "application/graphql", []byte(`{ __typename }`), 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"a garbled content type", "POST", "", "application/json; ;;=", []byte(`{"query":"{ __typename }"}`), 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"an empty body", "POST", "", "application/json", nil, 400, "BAD_REQUEST"},
		{"whitespace", "POST", "", "application/json", []byte(" \n\t "), 400, "BAD_REQUEST"},
		{"a batch", "POST", "", "application/json", []byte(`[{"query":"{ __typename }"},{"query":"{ __typename }"}]`), 400, "BAD_REQUEST"},
		{"not an object", "POST", "", "application/json", []byte(`"{ __typename }"`), 400, "BAD_REQUEST"},
		{"bad JSON", "POST", "", "application/json", []byte(`{"query": "{ __typename }" oops}`), 400, "BAD_REQUEST"},
		{"cut JSON", "POST", "", "application/json", []byte(`{"query": "{ __typ`), 400, "BAD_REQUEST"},
		{"a number for the query", "POST", "", "application/json", []byte(`{"query": 5}`), 400, "BAD_REQUEST"},
		{"a string for variables", "POST", "", "application/json", []byte(`{"query": "{ __typename }", "variables": "{}"}`), 400, "BAD_REQUEST"},
		{"two values", "POST", "", "application/json", []byte(`{"query": "{ __typename }"} {"query": "{ __typename }"}`), 400, "BAD_REQUEST"},
		{"deeply nested variables", "POST", "", "application/json", []byte(`{"query":"{ __typename }","variables":{"a":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`), 400, "BAD_REQUEST"},
		{"over the body limit", "POST", "", "application/json", big, 413, "PAYLOAD_TOO_LARGE"},
		{"PUT", "PUT", "", "application/json", []byte(`{"query":"{ __typename }"}`), 405, "METHOD_NOT_ALLOWED"},
		{"DELETE", "DELETE", "", "", nil, 405, "METHOD_NOT_ALLOWED"},
		{"GET a query", "GET", "query=" + url.QueryEscape("{ __typename }"), "", nil, 200, ""},
		{"GET a mutation", "GET", "query=" + url.QueryEscape(`mutation { deleteQuery(id: "x") }`), "", nil, 405, "METHOD_NOT_ALLOWED"},
		{"GET bad variables", "GET", "query=" + url.QueryEscape("{ __typename }") + "&variables=" + url.QueryEscape(`{"a":`+strings.Repeat("x", 500)), "", nil, 400, "BAD_REQUEST"},
		{"GET a malformed query string", "GET", "query=%zz", "", nil, 400, "BAD_REQUEST"},
		{"a fragment bomb", "POST", "", "application/json", mustJSON(map[string]any{"query": querysize.FragmentBomb(39)}), 200, "LIMIT_EXCEEDED"},
		{"20,000 __typename", "POST", "", "application/json", mustJSON(map[string]any{"query": "{" + strings.Repeat(" __typename", 20000) + "}"}), 200, "LIMIT_EXCEEDED"},
		{"a syntax error quoting a long name", "POST", "", "application/json", mustJSON(map[string]any{"query": "{ " + strings.Repeat("x", 5000) + " ( }"}), 422, "GRAPHQL_PARSE_FAILED"},
		{"an unknown long field", "POST", "", "application/json", mustJSON(map[string]any{"query": "{ " + strings.Repeat("x", 5000) + " }"}), 422, "GRAPHQL_VALIDATION_FAILED"},
		{"an unknown long operation name", "POST", "", "application/json", mustJSON(map[string]any{"query": "{ __typename }", "operationName": strings.Repeat("y", 5000)}), 422, "GRAPHQL_VALIDATION_FAILED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := serve(t, h, tc.method, tc.query, tc.contentType, tc.body)
			checkAnswer(t, a, tc.body, []byte(tc.query))
			if a.status != tc.status {
				t.Fatalf("status %d, want %d: %s", a.status, tc.status, a.body)
			}
			if tc.code == "" {
				if len(a.resp.Errors) > 0 {
					t.Fatalf("errors: %s", a.body)
				}
				return
			}
			if len(a.resp.Errors) != 1 || a.resp.Errors[0].Extensions["code"] != tc.code {
				t.Fatalf("want one error with code %s: %s", tc.code, a.body)
			}
			if strings.Contains(string(a.body), "/work/") || strings.Contains(string(a.body), ".go:") {
				t.Fatalf("the answer shows a server path: %s", a.body)
			}
		})
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// FuzzTransport feeds /graphql's transports arbitrary methods, content
// types, bodies and query strings: they never panic, always answer data or
// coded errors, and never echo more than MaxMessageBytes of the request.
func FuzzTransport(f *testing.F) {
	for _, seed := range [][]byte{
		[]byte(`{"query":"{ __typename }"}`),
		[]byte(`{"query":"query($q: String!) { searchAccounts(query: $q) { totalCount } }","variables":{"q":"new*"}}`),
		mustJSON(map[string]any{"query": querysize.FragmentBomb(39)}),
		mustJSON(map[string]any{"query": "{" + strings.Repeat(" __typename", 3000) + "}"}),
		mustJSON(map[string]any{"query": "{" + strings.Repeat(" s: stats { nodes { label } }", 300) + "}"}),
		mustJSON(map[string]any{"query": "{" + strings.Repeat(" __schema { types { name } }", 100) + "}"}),
		mustJSON(map[string]any{"query": "{ " + strings.Repeat("x", 3000) + " }"}),
		mustJSON(map[string]any{"query": "{ __typename }", "operationName": strings.Repeat("y", 3000)}),
		[]byte(`[{"query":"{ __typename }"}]`),
		[]byte(`{"query": "{ stats `),
		[]byte(`{"query": 5, "variables": []}`),
		[]byte("{\"query\":\"{ \xff\xfe __typename }\"}"),
		[]byte("\x00\x01{"),
		[]byte(``),
		[]byte(`{"query":"{ __typename }"} trailing`),
		[]byte(`{"query":"{ __typename }","variables":{"a":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}}`),
	} {
		f.Add(uint8(0), "application/json", seed, "")
	}
	f.Add(uint8(1), "", []byte(nil), "query="+url.QueryEscape("{ __typename }")+"&variables=%7B")
	f.Add(uint8(1), "", []byte(nil), "query="+url.QueryEscape(querysize.FragmentBomb(30)))
	f.Add(uint8(0), "application/x-www-form-urlencoded", []byte(`{"query":"{ __typename }"}`), "")
	f.Add(uint8(2), "application/json", []byte(`{"query":"{ __typename }"}`), "")
	h := edge(64 << 10)
	methods := []string{http.MethodPost, http.MethodGet, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodHead, "BREW"}
	f.Fuzz(func(t *testing.T, m uint8, contentType string, body []byte, rawQuery string) {
		method := methods[int(m)%len(methods)]
		if strings.ContainsAny(contentType, "\r\n\x00") {
			return // not a header value net/http would deliver
		}
		start := time.Now()
		a := serve(t, h, method, rawQuery, contentType, body)
		if took := time.Since(start); took > 10*time.Second { // a generous bound: an input that hangs the edge
			t.Fatalf("took %s", took)
		}
		if method == http.MethodOptions || method == http.MethodHead {
			return
		}
		checkAnswer(t, a, body, []byte(rawQuery))
		if a.status >= 400 && a.status != 422 {
			want := map[int]string{400: "", 405: "METHOD_NOT_ALLOWED", 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE"}[a.status]
			if got := a.resp.Errors[0].Extensions["code"]; want != "" && got != want {
				t.Fatalf("status %d with code %v", a.status, got)
			}
		}
	})
}

func TestBoundMessage(t *testing.T) {
	long := strings.Repeat("x", 5000)
	for _, tc := range []struct {
		name, msg string
		ours      bool
		maxLen    int
		maxRun    int
	}{
		{"gqlparser quotes a token", `Unexpected Name "` + long + `"`, false, MaxEchoBytes, MaxEchoBytes},
		{"gqlparser prints a value", "String cannot represent a non string value: " + long, false, MaxEchoBytes, MaxEchoBytes},
		{"a quoted id", fmt.Sprintf("no account with id %q", long), true, 40 + MaxEchoBytes/2, MaxEchoBytes},
		{"many short quoted ids", "no account with id " + strings.Repeat(`"twitter:404", `, 200), true, MaxMessageBytes, MaxEchoBytes},
		// Our messages quote input (%q) or clip it (apperr.Clip); unquoted,
		// only the whole message is bounded.
		{"unquoted input of ours", "the document has " + long, true, MaxMessageBytes, MaxMessageBytes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := boundMessage(tc.msg, tc.ours)
			if len(got) > tc.maxLen {
				t.Fatalf("%d bytes, want at most %d: %s", len(got), tc.maxLen, got)
			}
			if strings.Contains(got, strings.Repeat("x", tc.maxRun+1)) {
				t.Fatalf("a run of over %d bytes of input: %s", tc.maxRun, got)
			}
		})
	}
	if got := boundMessage(`no account with id "twitter:404"`, true); got != `no account with id "twitter:404"` {
		t.Fatalf("a short message changed: %s", got)
	}
}

// writeResponse copies data as gqlgen wrote it instead of compacting it:
// the rest must be what json.Marshal writes, in the same key order.
func TestWriteResponseIsJSONMarshal(t *testing.T) {
	yes := true
	cases := map[string]*graphql.Response{
		"data":       {Data: []byte(`{"a":{"b":[1,2]}}`)},
		"no data":    {},
		"errors":     {Errors: gqlerror.List{{Message: `a "quoted" <b> message`, Extensions: map[string]any{"code": "BAD_INPUT"}}}, Data: []byte(`null`)},
		"everything": {Errors: gqlerror.List{{Message: "x"}}, Data: []byte(`{"k":"v"}`), Label: "l", Path: ast.Path{ast.PathName("a"), ast.PathIndex(1)}, HasNext: &yes, Extensions: map[string]any{"cost": 3}},
	}
	for name, resp := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := json.Marshal(resp)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			writeResponse(&got, resp)
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("got  %s\nwant %s", got.Bytes(), want)
			}
		})
	}
}
