package loaders_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
)

// appendOnly is the provenance write that raced: it checks for the load
// without a lock and appends after taking one, so two transactions of one
// load that both checked before either committed list the load twice.
var appendOnly = regexp.MustCompile(`SET (\w+)\.loads = coalesce\((\w+)\.loads, \[\]\) \+`)

// Every statement that adds a load to a node's or relationship's
// provenance must add it as a set.
func TestProvenanceWritesAreSets(t *testing.T) {
	n := 0
	err := filepath.WalkDir(".", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".cypher") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if appendOnly.MatchString(line) {
				t.Errorf("%s:%d appends to loads without removing the load first: %s", p, i+1, strings.TrimSpace(line))
			}
			if strings.Contains(line, ".loads = [l IN coalesce(") || strings.Contains(line, ".loads = [y IN coalesce(") {
				n++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("found %d set-like provenance writes; the walk missed the statements", n)
	}
}

// Two transactions of one load (two batches that name one domain, or a
// batch replayed on resume beside another) run the provenance write on a
// node that already exists: the second checks before the first commits,
// then waits for its lock. The load must be listed once, and a concurrent
// write of another load must not be lost.
func TestConcurrentProvenanceWritesListALoadOnce(t *testing.T) {
	neo4jtest.Fresh(t)
	src, err := os.ReadFile("links/domains.cypher")
	if err != nil {
		t.Fatal(err)
	}
	stmt := loaders.Statements(string(src))[0] // MERGE the domain, add the load
	ctx := context.Background()
	for _, tc := range []struct {
		name          string
		first, second string
		want          []any
	}{
		{"same load", "L", "L", []any{"earlier", "L"}},
		{"two loads", "L1", "L2", []any{"earlier", "L1", "L2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "race-" + strings.ReplaceAll(tc.name, " ", "-") + ".example"
			if _, err := neo4jtest.DB(t).Query(ctx, `CREATE (:Domain {name: $name, loads: ['earlier']})`,
				map[string]any{"name": name}); err != nil {
				t.Fatal(err)
			}
			rows := []any{map[string]any{"domain": name}}
			s1 := neo4jtest.DB(t).Session(ctx, neo4j.SessionConfig{})
			defer s1.Close(ctx)
			tx, err := s1.BeginTransaction(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Run(ctx, stmt, map[string]any{"rows": rows, "load": tc.first}); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := neo4jtest.DB(t).Query(ctx, stmt, map[string]any{"rows": rows, "load": tc.second})
				done <- err
			}()
			time.Sleep(time.Second) // the second has checked and waits for the lock
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			res, err := neo4jtest.DB(t).Query(ctx, `MATCH (d:Domain {name: $name}) RETURN d.loads AS loads`,
				map[string]any{"name": name})
			if err != nil {
				t.Fatal(err)
			}
			got, _, _ := neo4j.GetRecordValue[[]any](res.Records[0], "loads")
			if !slices.Equal(got, tc.want) {
				t.Fatalf("provenance %v, want %v", got, tc.want)
			}
		})
	}
}
