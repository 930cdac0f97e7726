package neo4jtest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/store"
)

var (
	//go:embed dump_nodes.cypher
	dumpNodesCypher string
	//go:embed dump_relationships.cypher
	dumpRelationshipsCypher string
)

// Dump returns the whole graph (but load records) as sorted lines, so two
// graphs can be compared for equality in tests of idempotency and resume.
// The store is the one Fresh returned; the dump reads its database (DB).
func Dump(t testing.TB, _ *store.Store) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var lines []string
	for _, q := range []string{dumpNodesCypher, dumpRelationshipsCypher} {
		res, err := DB(t).Query(ctx, q, nil)
		if err != nil {
			t.Fatalf("dump: %v", err)
		}
		for _, r := range res.Records {
			m := r.AsMap()
			if props, ok := m["props"].(map[string]any); ok {
				if loads, ok := props["loads"].([]any); ok { // provenance is a set
					slices.SortFunc(loads, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
				}
			}
			if labels, ok := m["labels"].([]any); ok && slices.Contains(labels, any("Dataset")) {
				props := m["props"].(map[string]any)
				for k := range props {
					if k == "createdAt" || k == "updatedAt" || k == "derivedFor" { // when it ran, not what it holds
						delete(props, k)
					}
				}
			}
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatalf("dump: %v", err)
			}
			lines = append(lines, string(b))
		}
	}
	slices.Sort(lines)
	return lines
}

// DiffDumps describes the first differences between two dumps, or "".
func DiffDumps(a, b []string) string {
	in := func(s []string, x string) bool { _, ok := slices.BinarySearch(s, x); return ok }
	var out string
	n := 0
	for _, x := range a {
		if !in(b, x) && n < 5 {
			out += fmt.Sprintf("- %s\n", x)
			n++
		}
	}
	for _, x := range b {
		if !in(a, x) && n < 10 {
			out += fmt.Sprintf("+ %s\n", x)
			n++
		}
	}
	if out == "" && len(a) != len(b) {
		out = fmt.Sprintf("same lines, different multiplicity: %d vs %d", len(a), len(b))
	}
	return out
}
