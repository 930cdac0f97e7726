package store_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// runFixture executes a Cypher file from testdata in one write transaction.
func runFixture(t *testing.T, st *store.Store, name string) {
	t.Helper()
	q, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	_, err = neo4jtest.DB(t).Query(ctx(t), string(q), nil)
	if err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
}

func TestMigrateIsIdempotentAndCreatesSchema(t *testing.T) {
	st := neo4jtest.Fresh(t) // Fresh has migrated once already
	if n, err := st.Migrate(ctx(t)); err != nil || n != 0 {
		t.Fatalf("second migrate: %d statements applied, %v; want none (every index exists)", n, err)
	}
	// A missing index is made again, and only it.
	neo4jtest.Exec(t, "DROP INDEX account_created", nil)
	if n, err := st.Migrate(ctx(t)); err != nil || n != 1 {
		t.Fatalf("migrate after a drop: %d statements applied, %v; want 1", n, err)
	}
	res, err := neo4jtest.DB(t).Query(ctx(t), "SHOW INDEXES YIELD name, type, state RETURN name, type, state",
		nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range res.Records {
		name, _ := r.Get("name")
		typ, _ := r.Get("type")
		state, _ := r.Get("state")
		if state != "ONLINE" {
			t.Errorf("index %v is %v after migrate, want ONLINE", name, state)
		}
		got[name.(string)] = typ.(string)
	}
	for _, want := range []struct{ name, typ string }{
		{"account_uid", "RANGE"}, {"tweet_id", "RANGE"}, {"account_handle_lower", "RANGE"},
		{"account_search", "FULLTEXT"},
	} {
		if got[want.name] != want.typ {
			t.Errorf("index %s: type %q, want %q (all: %v)", want.name, got[want.name], want.typ, got)
		}
	}
	// Every statement of schema.cypher names an index or constraint that now exists.
	if n := len(store.SchemaStatements()); len(got) < n {
		t.Errorf("%d indexes for %d schema statements", len(got), n)
	}
}

func TestCountsReadFromNeo4j(t *testing.T) {
	st := neo4jtest.Fresh(t)
	runFixture(t, st, "stats_fixture.cypher")

	nodes, err := st.NodeCounts(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []model.LabelCount{{Label: "Account", Count: 3}, {Label: "Tweet", Count: 2}, {Label: "Post", Count: 2}} {
		if !slices.Contains(nodes, want) {
			t.Errorf("node counts %v lack %v", nodes, want)
		}
	}
	for _, n := range nodes {
		if n.Count == 0 {
			t.Errorf("label %s listed with no nodes", n.Label)
		}
	}
	if !slices.IsSortedFunc(nodes, func(a, b model.LabelCount) int { return compare(a.Label, b.Label) }) {
		t.Errorf("node counts not sorted by label: %v", nodes)
	}

	rels, err := st.RelationshipCounts(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []model.TypeCount{{Type: "AMPLIFIED", Count: 1}, {Type: "POSTED", Count: 2}}
	if !slices.Equal(rels, want) {
		t.Errorf("relationship counts = %v, want %v", rels, want)
	}
}

func TestCancelledContextStopsQuery(t *testing.T) {
	st := neo4jtest.Fresh(t)
	c, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := st.NodeCounts(c); err == nil {
		t.Fatal("query ran on a cancelled context")
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Warm leaves connections open in the pool, so that a loaded server does
// not open them while Neo4j is busiest: Neo4j counts them after Warm
// returns.
func TestWarmLeavesConnectionsOpen(t *testing.T) {
	neo4jtest.Fresh(t)
	st, err := store.Open(ctx(t), neo4jtest.Config(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	count := func() int64 {
		res, err := neo4jtest.DB(t).Query(ctx(t), "CALL dbms.listConnections() YIELD connector WHERE connector = 'bolt' RETURN count(*) AS n", nil)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := res.Records[0].Get("n")
		return n.(int64)
	}
	before := count()
	if err := st.Warm(ctx(t), 8); err != nil {
		t.Fatal(err)
	}
	// The store had one connection from opening; Warm needs 8 at once.
	if after := count(); after-before < 7 {
		t.Fatalf("bolt connections %d before Warm(8), %d after: want at least 7 more", before, after)
	}
}
