package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/neo4jtest"
)

func neo4jFlags(t *testing.T) []string {
	cfg := neo4jtest.Config(t)
	return []string{"--neo4j-uri", cfg.URI, "--neo4j-user", cfg.User, "--neo4j-password", cfg.Password, "--neo4j-database", cfg.Database}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestCommandLineMistakes(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"explode"}, `unknown command "explode"`},
		{"unknown flag", []string{"serve", "--bogus"}, "flag provided but not defined: -bogus"},
		{"stray argument", []string{"migrate", "extra"}, `unexpected argument "extra"`},
		{"bad duration", []string{"serve", "--connect-timeout", "soon"}, "invalid value"},
		{"import without files", []string{"import", "--data-dir", "/nonexistent"}, "name the files"},
		{"import with a format and no files", []string{"import", "--data-dir", "/nonexistent", "a.csv", "assets"}, "name files after the format assets"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(context.Background(), tc.args, io.Discard, io.Discard)
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run(%q) = %v, want usage error containing %q", tc.args, err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}

func TestNeo4jFailuresAreOneLineAndSecretFree(t *testing.T) {
	neo4jtest.Fresh(t) // hold the lock: a failed login must not race another test's session
	cfg := neo4jtest.Config(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"wrong password",
			[]string{"migrate", "--neo4j-uri", cfg.URI, "--neo4j-user", cfg.User, "--neo4j-password", "hunter2-wrong"},
			"refused the credentials of user"},
		{"neo4j down",
			[]string{"migrate", "--neo4j-uri", "bolt://neo4j:hunter2-wrong@" + freeAddr(t), "--connect-timeout", "1500ms"},
			"not reachable after"},
		{"bad scheme",
			[]string{"migrate", "--neo4j-uri", "http://neo4j:hunter2-wrong@localhost:7474"},
			`scheme "http"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(context.Background(), tc.args, io.Discard, &stderr)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			if strings.Contains(err.Error()+stderr.String(), "hunter2") {
				t.Fatalf("password printed: %v\n%s", err, stderr.String())
			}
		})
	}
}

func TestServeAnswersStatsAndShutsDownGracefully(t *testing.T) {
	neo4jtest.Fresh(t)
	addr := freeAddr(t)
	// A viewer with a token, made as an operator would.
	if err := run(context.Background(), append([]string{"users", "add", "vera", "--role", "viewer"}, neo4jFlags(t)...), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var secret bytes.Buffer
	if err := run(context.Background(), append([]string{"tokens", "create", "vera", "--expires", "1d"}, neo4jFlags(t)...), &secret, io.Discard); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var serveErr syncBuffer
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", addr, "--login-link", "vera"}, neo4jFlags(t)...), io.Discard, &serveErr)
	}()

	ask := func(token string) (int, string, error) {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", strings.NewReader(`{"query":"{ stats { nodes { label count } } }"}`))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), nil
	}
	var body string
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, b, err := ask(strings.TrimSpace(secret.String())); err == nil {
			body = b
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if body != `{"data":{"stats":{"nodes":[]}}}` { // a fresh database has no nodes (users and tokens are not counted)
		t.Fatalf("stats answer = %q", body)
	}
	if status, b, err := ask(""); err != nil || status != http.StatusUnauthorized || !strings.Contains(b, `"UNAUTHENTICATED"`) {
		t.Fatalf("without a token: %d %s %v", status, b, err)
	}
	// The login link it printed signs a browser in once.
	link := regexp.MustCompile(`http://\S+/login\?token=\S+`).FindString(serveErr.String())
	if link == "" {
		t.Fatalf("serve printed no login link:\n%s", serveErr.String())
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i, wantCookie := range []bool{true, false} {
		resp, err := noRedirect.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := false
		for _, c := range resp.Cookies() {
			got = got || (c.Name == "iograph_session" && c.Value != "" && c.HttpOnly && c.SameSite == http.SameSiteStrictMode)
		}
		if got != wantCookie {
			t.Fatalf("login link use %d: status %d, session cookie %v, want %v", i+1, resp.StatusCode, got, wantCookie)
		}
	}

	// A second server on the same port fails with a one-line error.
	err := run(context.Background(), append([]string{"serve", "--addr", addr}, neo4jFlags(t)...), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "listen on "+addr) {
		t.Fatalf("port taken: err = %v", err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30s of cancellation")
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != fmt.Sprintf("iograph %s\n", version) {
		t.Fatalf("version printed %q", got)
	}
}

// syncBuffer is a bytes.Buffer that a server goroutine writes while the test
// reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
