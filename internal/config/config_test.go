package config

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	ok := Neo4j{URI: "neo4j://localhost:7687", ConnectTimeout: time.Second, QueryTimeout: time.Second}
	for _, tc := range []struct {
		name, uri, wantErr string
	}{
		{"bolt", "bolt://127.0.0.1:7687", ""},
		{"routing", "neo4j://db.example:7687", ""},
		{"aura", "neo4j+s://abcd.databases.neo4j.io", ""},
		{"http is not bolt", "http://localhost:7474", `scheme "http"`},
		{"no host", "neo4j://", "is not a URI"},
		{"garbage", "::", "is not a URI"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			c.URI = tc.uri
			err := c.Validate()
			if tc.wantErr == "" && err != nil {
				t.Fatalf("Validate(%q) = %v", tc.uri, err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("Validate(%q) = %v, want error containing %q", tc.uri, err, tc.wantErr)
			}
		})
	}
}

func TestRedactNeverPrintsPassword(t *testing.T) {
	got := RedactURI("neo4j+s://neo4j:hunter2@db.example:7687")
	if strings.Contains(got, "hunter2") || got != "neo4j+s://db.example:7687" {
		t.Fatalf("RedactURI = %q", got)
	}
	if err := (Neo4j{URI: "ftp://u:hunter2@x"}).Validate(); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("Validate error leaks or is missing: %v", err)
	}
}

func TestFlagsOverrideEnvAndBadEnvIsReported(t *testing.T) {
	t.Setenv("NEO4J_URI", "bolt://from-env:7687")
	t.Setenv("IOGRAPH_QUERY_TIMEOUT", "soon")
	var c Neo4j
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	RegisterNeo4jFlags(fs, &c)
	if c.URI != "bolt://from-env:7687" {
		t.Fatalf("env default not applied: %q", c.URI)
	}
	if err := fs.Parse([]string{"-neo4j-uri", "bolt://from-flag:7687"}); err != nil {
		t.Fatal(err)
	}
	if c.URI != "bolt://from-flag:7687" {
		t.Fatalf("flag did not override env: %q", c.URI)
	}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "IOGRAPH_QUERY_TIMEOUT") {
		t.Fatalf("malformed IOGRAPH_QUERY_TIMEOUT not reported: %v", err)
	}
}
