package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

// accessServer is the bare handler (no credentials added) with one user and
// token per role.
type accessServer struct {
	*httptest.Server
	st     *store.Store
	tokens map[model.Role]string
}

func newAccessServer(t *testing.T, acc server.Access) *accessServer {
	t.Helper()
	st := neo4jtest.Fresh(t)
	if acc.Rate == 0 {
		acc.Rate = 1000
	}
	s := &accessServer{st: st, tokens: map[model.Role]string{}}
	for _, r := range model.Roles {
		s.tokens[r] = tokenFor(t, st, strings.ToLower(string(r)), r)
	}
	s.Server = httptest.NewServer(server.Handler(st, slog.New(slog.DiscardHandler), server.WithAccess(acc)))
	t.Cleanup(s.Close)
	return s
}

type answer struct {
	status int
	body   string
	header http.Header
}

// code is the first error's extensions.code, or "" when there is none.
func (a answer) code() string {
	var out struct {
		Errors []struct {
			Extensions map[string]any
		}
	}
	_ = json.Unmarshal([]byte(a.body), &out)
	if len(out.Errors) == 0 {
		return ""
	}
	c, _ := out.Errors[0].Extensions["code"].(string)
	return c
}

func (s *accessServer) do(t *testing.T, req *http.Request) answer {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, string(b), resp.Header}
}

// gql posts a document as the holder of secret ("" for no one).
func (s *accessServer) gql(t *testing.T, secret, doc string, vars map[string]any) answer {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": doc, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	return s.do(t, req)
}

// mutationCases has one document per mutation of the schema and the least
// role it needs; TestEveryMutationNeedsItsRole fails when the schema gains a
// mutation this table lacks.
var mutationCases = []struct {
	field, doc string
	need       model.Role
}{
	{"createInvestigation", `mutation { createInvestigation(input: {title: "t", author: "mallory"}) { id author } }`, model.RoleAnalyst},
	{"updateInvestigation", `mutation { updateInvestigation(id: "investigation:00", input: {title: "x"}) { id } }`, model.RoleAnalyst},
	{"archiveInvestigation", `mutation { archiveInvestigation(id: "investigation:00") { id } }`, model.RoleAnalyst},
	{"addSeeds", `mutation { addSeeds(investigation: "investigation:00", accounts: ["twitter:1"]) { id } }`, model.RoleAnalyst},
	{"removeSeeds", `mutation { removeSeeds(investigation: "investigation:00", accounts: ["twitter:1"]) { id } }`, model.RoleAnalyst},
	{"pinNodes", `mutation { pinNodes(investigation: "investigation:00", accounts: ["twitter:1"]) { id } }`, model.RoleAnalyst},
	{"unpinNodes", `mutation { unpinNodes(investigation: "investigation:00", accounts: ["twitter:1"]) { id } }`, model.RoleAnalyst},
	{"addNote", `mutation { addNote(input: {text: "n", investigation: "investigation:00"}) { id } }`, model.RoleAnalyst},
	{"saveQuery", `mutation { saveQuery(input: {name: "q", document: "{ stats { nodes { label } } }"}) { id } }`, model.RoleAnalyst},
	{"updateQuery", `mutation { updateQuery(id: "query:00", input: {name: "q2"}) { id } }`, model.RoleAnalyst},
	{"deleteQuery", `mutation { deleteQuery(id: "query:00") }`, model.RoleAnalyst},
	{"saveCoordination", `mutation { saveCoordination(name: "c", input: {signal: RETWEET, dataset: "none"}) { id } }`, model.RoleAnalyst},
	{"runSavedQuery", `mutation { runSavedQuery(id: "query:00") { data } }`, model.RoleViewer},
	{"createUser", `mutation { createUser(name: "newbie", role: VIEWER) { name } }`, model.RoleAdmin},
	{"updateUser", `mutation { updateUser(name: "nobody", role: ANALYST) { name } }`, model.RoleAdmin},
	{"createToken", `mutation { createToken(user: "nobody") { secret } }`, model.RoleAdmin},
	{"revokeToken", `mutation { revokeToken(id: "000000000000") { id } }`, model.RoleAdmin},
}

func TestEveryMutationNeedsItsRole(t *testing.T) {
	s := newAccessServer(t, server.Access{})
	// The table covers the schema's mutations, no more and no fewer.
	a := s.gql(t, s.tokens[model.RoleViewer], `{ __type(name: "Mutation") { fields { name } } }`, nil)
	var intro struct {
		Data struct {
			Type struct{ Fields []struct{ Name string } } `json:"__type"`
		}
	}
	if err := json.Unmarshal([]byte(a.body), &intro); err != nil || len(intro.Data.Type.Fields) == 0 {
		t.Fatalf("introspection: %d %s", a.status, a.body)
	}
	var inSchema, inTable []string
	for _, f := range intro.Data.Type.Fields {
		inSchema = append(inSchema, f.Name)
	}
	for _, c := range mutationCases {
		inTable = append(inTable, c.field)
	}
	slices.Sort(inSchema)
	slices.Sort(inTable)
	if !slices.Equal(inSchema, inTable) {
		t.Fatalf("mutations in the schema %v, in this test %v", inSchema, inTable)
	}

	for _, c := range mutationCases {
		t.Run(c.field, func(t *testing.T) {
			if a := s.gql(t, "", c.doc, nil); a.status != http.StatusUnauthorized || a.code() != "UNAUTHENTICATED" {
				t.Errorf("anonymous: %d %s, want 401 UNAUTHENTICATED", a.status, a.body)
			}
			for _, role := range model.Roles {
				a := s.gql(t, s.tokens[role], c.doc, nil)
				denied := a.code() == "FORBIDDEN"
				if want := !role.Allows(c.need); denied != want {
					t.Errorf("%s: %s, want denied=%v", role, a.body, want)
				}
				if denied && strings.Contains(a.body, `"data":{`) && !strings.Contains(a.body, `"data":null`) {
					t.Errorf("%s: a refused mutation returned data: %s", role, a.body)
				}
			}
		})
	}

	// Every attempt, allowed or refused, is in the audit log with who made it.
	log := s.gql(t, s.tokens[model.RoleAdmin], `{ auditLog(first: 100) { totalCount edges { node { user role action target outcome args } } } }`, nil)
	var out struct {
		Data struct {
			AuditLog struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						User, Role, Action, Outcome string
						Target, Args                *string
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(log.body), &out); err != nil {
		t.Fatalf("audit log: %s", log.body)
	}
	type key struct{ user, action, outcome string }
	seen := map[key]bool{}
	for _, e := range out.Data.AuditLog.Edges {
		seen[key{e.Node.User, e.Node.Action, e.Node.Outcome}] = true
		if e.Node.Role == "" {
			t.Errorf("audit event without a role: %+v", e.Node)
		}
	}
	for _, c := range mutationCases {
		for _, role := range model.Roles {
			if !role.Allows(c.need) && !seen[key{strings.ToLower(string(role)), c.field, "FORBIDDEN"}] {
				t.Errorf("no FORBIDDEN audit event for %s by %s", c.field, role)
			}
		}
		if !slices.ContainsFunc(out.Data.AuditLog.Edges, func(e struct {
			Node struct {
				User, Role, Action, Outcome string
				Target, Args                *string
			}
		}) bool {
			return e.Node.Action == c.field && e.Node.Outcome != "FORBIDDEN" && e.Node.User == "admin"
		}) {
			t.Errorf("no audit event for %s by admin", c.field)
		}
	}
	if want := len(mutationCases) * len(model.Roles); out.Data.AuditLog.TotalCount < want {
		t.Errorf("audit log has %d events, want at least %d (every mutation by every role)", out.Data.AuditLog.TotalCount, want)
	}
}

func TestReadsNeedASignedInUserAndAdminReadsNeedAdmin(t *testing.T) {
	s := newAccessServer(t, server.Access{})
	for _, tc := range []struct {
		doc  string
		need model.Role
	}{
		{`{ stats { nodes { label } } }`, model.RoleViewer},
		{`{ me { name role } }`, model.RoleViewer},
		{`{ investigations { totalCount } }`, model.RoleViewer},
		{`{ datasets { name } }`, model.RoleViewer},
		{`{ users { name role } }`, model.RoleAdmin},
		{`{ tokens { id user } }`, model.RoleAdmin},
		{`{ auditLog { totalCount } }`, model.RoleAdmin},
	} {
		t.Run(tc.doc, func(t *testing.T) {
			if a := s.gql(t, "", tc.doc, nil); a.status != http.StatusUnauthorized || a.code() != "UNAUTHENTICATED" {
				t.Errorf("anonymous: %d %s", a.status, a.body)
			}
			for _, role := range model.Roles {
				a := s.gql(t, s.tokens[role], tc.doc, nil)
				if got, want := a.code(), map[bool]string{true: "", false: "FORBIDDEN"}[role.Allows(tc.need)]; got != want {
					t.Errorf("%s: %s, want code %q", role, a.body, want)
				}
			}
		})
	}
	// me says who is asking.
	if a := s.gql(t, s.tokens[model.RoleAnalyst], `{ me { name role } }`, nil); a.body != `{"data":{"me":{"name":"analyst","role":"ANALYST"}}}` {
		t.Errorf("me: %s", a.body)
	}
	// Secrets are never readable: not even an admin sees a token's hash or secret.
	if a := s.gql(t, s.tokens[model.RoleAdmin], `{ tokens { id user kind } }`, nil); strings.Contains(a.body, "iog_") || !strings.Contains(a.body, `"user":"viewer"`) {
		t.Errorf("tokens: %s", a.body)
	}
}

func TestAuthorIsTheSignedInUser(t *testing.T) {
	s := newAccessServer(t, server.Access{})
	a := s.gql(t, s.tokens[model.RoleAnalyst], `mutation { createInvestigation(input: {title: "HK", author: "mallory"}) { id author } }`, nil)
	if !strings.Contains(a.body, `"author":"analyst"`) {
		t.Fatalf("investigation author: %s", a.body)
	}
	var out struct {
		Data struct{ CreateInvestigation struct{ ID string } }
	}
	_ = json.Unmarshal([]byte(a.body), &out)
	a = s.gql(t, s.tokens[model.RoleAdmin], `mutation($i: ID) { addNote(input: {text: "seen", author: "mallory", investigation: $i}) { author } }`,
		map[string]any{"i": out.Data.CreateInvestigation.ID})
	if a.body != `{"data":{"addNote":{"author":"admin"}}}` {
		t.Fatalf("note author: %s", a.body)
	}
	// The audit event names the investigation as its target.
	a = s.gql(t, s.tokens[model.RoleAdmin], `query($t: ID) { auditLog(target: $t) { edges { node { user action outcome } } } }`,
		map[string]any{"t": out.Data.CreateInvestigation.ID})
	if !strings.Contains(a.body, `{"user":"analyst","action":"createInvestigation","outcome":"ok"}`) {
		t.Fatalf("audit of the investigation: %s", a.body)
	}
}

func TestTokensThatNoLongerHold(t *testing.T) {
	s := newAccessServer(t, server.Access{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stats := `{ stats { nodes { label } } }`
	// Revoked through the API: refused at once on this server.
	victim := tokenFor(t, s.st, "victim", model.RoleAnalyst)
	if a := s.gql(t, victim, stats, nil); a.code() != "" {
		t.Fatalf("fresh token: %s", a.body)
	}
	toks, err := s.st.Tokens(ctx, ptr("victim"), []model.TokenKind{model.TokenAPI}, true, 10)
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens of victim: %v %v", toks, err)
	}
	if a := s.gql(t, s.tokens[model.RoleAdmin], `mutation($id: ID!) { revokeToken(id: $id) { revokedAt } }`, map[string]any{"id": toks[0].ID}); a.code() != "" {
		t.Fatalf("revoke: %s", a.body)
	}
	if a := s.gql(t, victim, stats, nil); a.status != http.StatusUnauthorized || a.code() != "UNAUTHENTICATED" {
		t.Fatalf("revoked token: %d %s", a.status, a.body)
	}
	// Disabled user: every token stops.
	other := tokenFor(t, s.st, "leaver", model.RoleViewer)
	if a := s.gql(t, s.tokens[model.RoleAdmin], `mutation { updateUser(name: "leaver", disabled: true) { disabled } }`, nil); a.body != `{"data":{"updateUser":{"disabled":true}}}` {
		t.Fatalf("disable: %s", a.body)
	}
	if a := s.gql(t, other, stats, nil); a.status != http.StatusUnauthorized {
		t.Fatalf("disabled user's token: %d %s", a.status, a.body)
	}
	// Expired.
	if _, err := s.st.CreateUser(ctx, "brief", model.RoleViewer, false); err != nil {
		t.Fatal(err)
	}
	short, err := s.st.CreateToken(ctx, "brief", model.TokenAPI, time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if a := s.gql(t, short.Secret, stats, nil); a.status != http.StatusUnauthorized {
		t.Fatalf("expired token: %d %s", a.status, a.body)
	}
	// Junk of every shape: refused with the same coded answer, never a 500.
	for _, h := range []string{"Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer iog_", "Bearer iog_zzzzzzzzzzzz_" + strings.Repeat("A", 43),
		"Bearer " + strings.Repeat("x", 10000), "Bearer iog_000000000000_" + strings.Repeat("A", 43)} {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ stats { nodes { label } } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", h)
		if a := s.do(t, req); a.status != http.StatusUnauthorized || a.code() != "UNAUTHENTICATED" || len(a.body) > 400 {
			t.Errorf("Authorization %.40q: %d %s", h, a.status, a.body)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// login signs a browser in with secret and returns a client holding the
// session cookie.
func login(t *testing.T, s *accessServer, secret string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/login", strings.NewReader(`{"token":"`+secret+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", s.URL)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login: %d %s", resp.StatusCode, b)
	}
	return c
}

func TestCrossSiteRequestsAreRefused(t *testing.T) {
	s := newAccessServer(t, server.Access{})
	browser := login(t, s, s.tokens[model.RoleAnalyst])
	create := `{"query":"mutation { createInvestigation(input:{title:\"csrf\"}){ id } }"}`
	send := func(origin, contentType string) answer {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(create))
		req.Header.Set("Content-Type", contentType)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return answer{resp.StatusCode, string(b), resp.Header}
	}
	for _, tc := range []struct{ name, origin, contentType string }{
		{"form post from a foreign page", "http://evil.example", "application/x-www-form-urlencoded"},
		{"text/plain from a foreign page", "http://evil.example", "text/plain"},
		{"json from a foreign page", "http://evil.example", "application/json"},
		{"no origin at all", "", "application/json"},
		{"origin null (sandboxed frame)", "null", "application/json"},
		{"look-alike origin", s.URL + ".evil.example", "application/json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if a := send(tc.origin, tc.contentType); a.status < 400 || strings.Contains(a.body, `"id"`) {
				t.Fatalf("%d %s", a.status, a.body)
			}
		})
	}
	// Nothing was created by any of them; the same request from the
	// server's own page works.
	if a := s.gql(t, s.tokens[model.RoleAdmin], `{ investigations { totalCount } }`, nil); a.body != `{"data":{"investigations":{"totalCount":0}}}` {
		t.Fatalf("after the cross-site attempts: %s", a.body)
	}
	if a := send(s.URL, "application/json"); a.status != http.StatusOK || !strings.Contains(a.body, `"id":"investigation:`) {
		t.Fatalf("same-origin request: %d %s", a.status, a.body)
	}
	// Logging in from a foreign page is refused too.
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/login", strings.NewReader(`{"token":"`+s.tokens[model.RoleAdmin]+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.example")
	if a := s.do(t, req); a.status != http.StatusForbidden || a.code() != "FORBIDDEN" || len(a.header.Values("Set-Cookie")) > 0 {
		t.Fatalf("foreign login: %d %s", a.status, a.body)
	}
	// Logging out ends the session for good.
	req, _ = http.NewRequest(http.MethodPost, s.URL+"/logout", nil)
	req.Header.Set("Origin", s.URL)
	if resp, err := browser.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("logout: %v %v", resp, err)
	}
	if a := send(s.URL, "application/json"); a.status != http.StatusUnauthorized {
		t.Fatalf("after logout: %d %s", a.status, a.body)
	}
}

func TestHostAndCORS(t *testing.T) {
	s := newAccessServer(t, server.Access{CORSOrigins: []string{"https://workbench.example.org"}})
	u, _ := url.Parse(s.URL)
	for _, tc := range []struct {
		host string
		ok   bool
	}{
		{u.Host, true},
		{"localhost:" + u.Port(), true},
		{"LOCALHOST", true},
		{"evil.example", false},
		{"evil.example:" + u.Port(), false},
		{"127.0.0.1.evil.example", false},
	} {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/healthz", nil)
		req.Host = tc.host
		a := s.do(t, req)
		if ok := a.status == http.StatusOK; ok != tc.ok {
			t.Errorf("Host %q: %d %s, want ok=%v", tc.host, a.status, a.body, tc.ok)
		}
		if !tc.ok && a.code() != "FORBIDDEN" {
			t.Errorf("Host %q: refusal without code: %s", tc.host, a.body)
		}
	}
	// CORS: only the named origin is labelled, and preflights are answered for it.
	for _, tc := range []struct {
		origin string
		allow  bool
	}{{"https://workbench.example.org", true}, {"http://evil.example", false}} {
		req, _ := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
		req.Header.Set("Origin", tc.origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		a := s.do(t, req)
		if got := a.header.Get("Access-Control-Allow-Origin") == tc.origin; got != tc.allow {
			t.Errorf("preflight from %s: %d %v", tc.origin, a.status, a.header)
		}
	}
	// Off by default.
	plain := httptest.NewServer(server.Handler(s.st, slog.New(slog.DiscardHandler)))
	defer plain.Close()
	req, _ := http.NewRequest(http.MethodOptions, plain.URL+"/graphql", nil)
	req.Header.Set("Origin", "https://workbench.example.org")
	req.Header.Set("Access-Control-Request-Method", "POST")
	if a := s.do(t, req); a.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS answered without --cors-origin: %v", a.header)
	}
}

func TestBrowserPagesSendToLogin(t *testing.T) {
	s := newAccessServer(t, server.Access{})
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/", nil)
	if a := s.do(t, req); a.status != http.StatusSeeOther || !strings.HasPrefix(a.header.Get("Location"), "/login?next=") {
		t.Fatalf("GET / without a session: %d %v", a.status, a.header)
	}
	req, _ = http.NewRequest(http.MethodGet, s.URL+"/login", nil)
	if a := s.do(t, req); a.status != http.StatusOK || !strings.Contains(a.body, `name="token"`) {
		t.Fatalf("login page: %d %s", a.status, a.body)
	}
	// The login page never sends a browser to another host after signing in.
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		link, err := s.st.CreateToken(ctx, "viewer", model.TokenLogin, time.Hour, nil)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/login?token="+link.Secret+"&next="+url.QueryEscape(next), nil)
		a := s.do(t, req)
		if a.status != http.StatusOK || strings.Contains(a.body, "evil") || strings.Contains(a.body, "javascript") {
			t.Errorf("next=%q: %d %s", next, a.status, a.body)
		}
	}
	req, _ = http.NewRequest(http.MethodGet, s.URL+"/playground", nil)
	if a := s.do(t, req); a.status != http.StatusSeeOther || a.header.Get("Location") != "/login?next=%2Fplayground" {
		t.Fatalf("GET /playground without a session: %d %v", a.status, a.header)
	}
	// Signed in, the workbench and the Playground are served.
	browser := login(t, s, s.tokens[model.RoleViewer])
	for path, want := range map[string]string{"/": "/assets/app.js", "/playground": "graphiql"} {
		resp, err := browser.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), want) {
			t.Fatalf("%s when signed in: %d %.200s", path, resp.StatusCode, b)
		}
	}
}

func TestRateLimitPerUser(t *testing.T) {
	s := newAccessServer(t, server.Access{Rate: 2, Burst: 3})
	var codes []string
	for range 6 {
		codes = append(codes, s.gql(t, s.tokens[model.RoleViewer], `{ me { name } }`, nil).code())
	}
	if !slices.Contains(codes, "LIMIT_EXCEEDED") || codes[0] != "" {
		t.Fatalf("six quick requests got codes %q", codes)
	}
	// Another user is not slowed by the first.
	if a := s.gql(t, s.tokens[model.RoleAnalyst], `{ me { name } }`, nil); a.code() != "" {
		t.Fatalf("another user: %s", a.body)
	}
}

func TestNoAuthOnlyOnLoopback(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:8080", true}, {"localhost:8080", true}, {"[::1]:8080", true}, {"127.0.0.2:0", true},
		{":8080", false}, {"0.0.0.0:8080", false}, {"[::]:8080", false}, {"192.0.2.10:8080", false}, {"example.org:8080", false}, {"8080", false},
	} {
		if err := server.CheckNoAuth(tc.addr); (err == nil) != tc.ok {
			t.Errorf("CheckNoAuth(%q) = %v, want ok=%v", tc.addr, err, tc.ok)
		}
	}
}
