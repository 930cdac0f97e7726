package server

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func TestDepthLimit(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("{ f ", n) + strings.Repeat("}", n) }
	for _, tc := range []struct {
		name, query string
		depth       int
	}{
		{"flat", "{ a b c }", 1},
		{"nested", nest(5), 5},
		{"fragments add no depth", "{ a { ...F } } fragment F on Q { b { c } }", 3},
		{"inline fragments add no depth", "{ a { ... on Q { b } } }", 2},
		{"introspection is exempt", "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }", 1},
		{"deepest branch counts", "{ a { b } c { d { e { f } } } }", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			if got := selectionDepth(doc.Operations[0].SelectionSet, doc.Fragments); got != tc.depth {
				t.Fatalf("depth = %d, want %d", got, tc.depth)
			}
			op := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
			gerr := depthLimit{max: tc.depth}.MutateOperationContext(context.Background(), op)
			if gerr != nil {
				t.Fatalf("depth %d refused at limit %d: %v", tc.depth, tc.depth, gerr)
			}
			if tc.depth > 1 {
				gerr = depthLimit{max: tc.depth - 1}.MutateOperationContext(context.Background(), op)
				if gerr == nil || gerr.Extensions["code"] != "LIMIT_EXCEEDED" {
					t.Fatalf("depth %d allowed at limit %d: %v", tc.depth, tc.depth-1, gerr)
				}
			}
		})
	}
}
