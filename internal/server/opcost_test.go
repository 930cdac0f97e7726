package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/iograph/iograph/graph"
	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/querysize"
	"github.com/iograph/iograph/resolvers"
)

func schemaForTests() graphql.ExecutableSchema {
	return graph.NewExecutableSchema(graph.Config{Resolvers: &resolvers.Resolver{}, Complexity: complexity()})
}

// The depth and complexity walks take each fragment once: a fragment bomb
// that passed the field count (as it would if run without it) costs them
// microseconds, not 2^n steps.
func TestWalksTakeEachFragmentOnce(t *testing.T) {
	es := schemaForTests()
	doc, errs := gqlparser.LoadQuery(es.Schema(), querysize.FragmentBomb(60))
	if errs != nil {
		t.Fatal(errs)
	}
	start := time.Now()
	if d := selectionDepth(doc.Operations[0].SelectionSet, doc.Fragments); d != 1 {
		t.Fatalf("depth = %d, want 1", d)
	}
	c := &costLimit{max: ComplexityLimit}
	_ = c.Validate(es)
	gerr := c.MutateOperationContext(context.Background(), &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]})
	if gerr == nil || apperr.KindOf(gerr) != apperr.LimitExceeded {
		t.Fatalf("2^60 __typename allowed: %v", gerr)
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("walks took %s", took)
	}
}

func TestCosts(t *testing.T) {
	es := schemaForTests()
	for _, tc := range []struct {
		name, doc string
		want      int
	}{
		{"__typename costs one", "{ __typename }", 1},
		{"a thousand __typename", "{" + strings.Repeat(" __typename", 1000) + " }", 1000},
		{"__schema costs IntrospectionCost", "{ __schema { types { name fields { name } } } }", IntrospectionCost},
		{"__type costs IntrospectionCost", `{ __type(name: "Account") { name } }`, IntrospectionCost},
		{"a root field costs at least RootFieldCost", "{ datasets { name } }", RootFieldCost},
		{"stats counts the whole graph", "{ stats { nodes { label count } } }", 1 + StatsCost + 2},
		{"list pages keep their price", `{ searchAccounts(query: "x", first: 100) { totalCount edges { node { id } } } }`, 1 + 100*(1+1+(1+1))},
		{"a fragment costs where it is spread", "{ ...S ...S } fragment S on Query { datasets { name } }", 2 * RootFieldCost},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQuery(es.Schema(), tc.doc)
			if errs != nil {
				t.Fatal(errs)
			}
			w := costWalker{es: es, schema: es.Schema(), memo: map[string]int{}}
			if got := w.set(context.Background(), doc.Operations[0].SelectionSet); got != tc.want {
				t.Fatalf("cost = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestCachesKeepSmallEntriesOnly(t *testing.T) {
	ctx := context.Background()
	c := smallOnly[string]{Cache: graphql.MapCache[string]{}, max: 10, size: func(_, v string) int { return len(v) }}
	c.Add(ctx, "small", "0123456789")
	c.Add(ctx, "large", "0123456789+")
	if _, ok := c.Get(ctx, "small"); !ok {
		t.Fatal("a small entry was not kept")
	}
	if _, ok := c.Get(ctx, "large"); ok {
		t.Fatal("a large entry was kept")
	}
}
