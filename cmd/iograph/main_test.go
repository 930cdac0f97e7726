package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
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
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", addr}, neo4jFlags(t)...), io.Discard, io.Discard)
	}()

	var body string
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Post("http://"+addr+"/graphql", "application/json",
			strings.NewReader(`{"query":"{ stats { nodes { label count } } }"}`))
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if body != `{"data":{"stats":{"nodes":[]}}}` { // a fresh database has no nodes
		t.Fatalf("stats answer = %q", body)
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
