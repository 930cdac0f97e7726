package server_test

import (
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/golden"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
)

func newServer(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	st := neo4jtest.Fresh(t)
	q, err := os.ReadFile("testdata/stats_fixture.cypher")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := neo4jtest.DB(t).Query(ctx, string(q), nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(signedIn(t, st, model.RoleAdmin))
	t.Cleanup(srv.Close)
	return srv, st
}

func post(t *testing.T, url, contentType, body string) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func TestStatsEndToEnd(t *testing.T) {
	srv, _ := newServer(t)
	const query = `{"query":"{ stats { nodes { label count } relationships { type count } } }"}`
	for _, contentType := range []string{"application/json", "application/json; charset=utf-8"} {
		t.Run(contentType, func(t *testing.T) {
			status, body := post(t, srv.URL+"/graphql", contentType, query)
			if status != http.StatusOK {
				t.Fatalf("status %d: %s", status, body)
			}
			golden.JSON(t, "stats", body)
		})
	}
	// What `curl -d` sends without -H 'Content-Type: application/json' is a
	// form, which /graphql no longer guesses is JSON: the README's examples
	// send the header, and a form is refused with a code that says why.
	status, body := post(t, srv.URL+"/graphql", "application/x-www-form-urlencoded", query)
	if status != http.StatusUnsupportedMediaType || !strings.Contains(string(body), `"code":"UNSUPPORTED_MEDIA_TYPE"`) ||
		!strings.Contains(string(body), "Content-Type: application/json") {
		t.Fatalf("a form body: status %d: %s", status, body)
	}
}

func TestGraphQLErrorsHaveCodesAndNoInternals(t *testing.T) {
	srv, _ := newServer(t)
	for _, tc := range []struct {
		name, body, wantCode string
	}{
		{"unknown field", `{"query":"{ stats { nope } }"}`, "GRAPHQL_VALIDATION_FAILED"},
		{"syntax", `{"query":"{ stats { "}`, "GRAPHQL_PARSE_FAILED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, body := post(t, srv.URL+"/graphql", "application/json", tc.body)
			var resp struct {
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			if err := json.Unmarshal(body, &resp); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != tc.wantCode {
				t.Fatalf("want code %s, got %s", tc.wantCode, body)
			}
			if strings.Contains(string(body), "goroutine") || strings.Contains(string(body), ".go:") {
				t.Fatalf("response leaks internals: %s", body)
			}
		})
	}
}

func TestProbesAndPlayground(t *testing.T) {
	srv, _ := newServer(t)
	for _, tc := range []struct {
		path, want string
	}{
		{"/healthz", "ok"},
		{"/readyz", "ready"},
		{"/", `src="/assets/app.js?v=`},                 // the workbench
		{"/playground", `location.origin + "/graphql"`}, // GraphiQL pointed at our endpoint
		{"/assets/THIRD_PARTY.txt", "sigma@"},           // the bundle's licences
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), tc.want) {
			t.Errorf("GET %s = %d %q, want 200 containing %q", tc.path, resp.StatusCode, b, tc.want)
		}
	}
}

// The Playground works offline: the page loads nothing from another host,
// and each script and stylesheet it names is served with the integrity hash
// the page gives for it.
func TestPlaygroundIsSelfContained(t *testing.T) {
	srv, _ := newServer(t)
	get := func(path string) []byte {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", path, resp.StatusCode)
		}
		return b
	}
	page := string(get("/playground"))
	if strings.Contains(page, "https://") || strings.Contains(page, "http://") {
		t.Fatalf("the Playground page loads from another host:\n%s", page)
	}
	if !strings.Contains(page, "explorerPlugin()") || !strings.Contains(page, "defaultTabs") || !strings.Contains(page, "AmplificationNetwork") {
		t.Fatalf("the Playground opens without the explorer or the demo queries as tabs:\n%.2000s", page)
	}
	assets := regexp.MustCompile(`(?:src|href)="(/playground/[^"]+)"\s+integrity="(sha384-[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(assets) < 4 {
		t.Fatalf("the page names %d local assets with integrity; want GraphiQL, its CSS, React and ReactDOM:\n%s", len(assets), page)
	}
	for _, a := range assets {
		sum := sha512.Sum384(get(a[1]))
		// the attribute is HTML-escaped (+ as &#43;); the browser reads it unescaped
		if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); html.UnescapeString(a[2]) != want {
			t.Errorf("%s: integrity %s, served bytes hash to %s", a[1], a[2], want)
		}
	}
}

func TestReadyzFailsWhenNeo4jIsGone(t *testing.T) {
	cfg := neo4jtest.Config(t)
	st, err := store.Open(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(signedIn(t, st, model.RoleAdmin))
	defer srv.Close()
	_ = st.Close(context.Background()) // a closed pool behaves like an unreachable server
	resp, err := http.Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with Neo4j gone = %d, want 503", resp.StatusCode)
	}
	// the process itself is still healthy
	resp, err = http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz = %d", resp.StatusCode)
	}
}
