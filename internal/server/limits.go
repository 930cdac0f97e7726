package server

import (
	"context"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/iograph/iograph/graph"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

// StatsCost is what each of `stats { nodes relationships }` costs: one
// Neo4j query like any root field. Both are answered from the count store
// (stats_nodes.cypher names every label), so they no longer scan the graph;
// a flood of aliases is still bounded by the budget like any other field.
const StatsCost = 50

// MaxDepth bounds how deeply a query may nest selections: network answers
// are wide, and a deep query over them multiplies work at every level.
const MaxDepth = 12

// complexity gives list fields a cost proportional to the page they ask
// for, so `first: 500` costs 500 times its selection and the complexity
// limit bounds real work, not field count.
func complexity() graph.ComplexityRoot {
	var c graph.ComplexityRoot
	page := func(child int, first *int, def int) int {
		n := def
		if first != nil && *first > 0 {
			n = *first
		}
		return 1 + n*child
	}
	c.Stats.Nodes = func(child int) int { return StatsCost + child }
	c.Stats.Relationships = func(child int) int { return StatsCost + child }
	c.Query.SearchAccounts = func(child int, _ string, first *int, _ *string) int { return page(child, first, 20) }
	c.Query.Amplifiers = func(child int, _ string, _ []model.EngagementKind, _, _ *time.Time, _ *int, _ *model.AmplifierOrder, first *int, _ *string) int {
		return page(child, first, 50)
	}
	c.Query.RelatedAssets = func(child int, _ string) int { return 1 + store.RelatedAssetsLimit/10*child }
	c.Account.Posts = func(child int, _, _ *time.Time, first *int, _ *string) int { return page(child, first, 20) }
	c.Account.Hashtags = func(child int, first *int) int { return page(child, first, 10) }
	c.Account.AmplifiedBy = func(child int, first *int) int { return page(child, first, 10) }
	c.Account.Amplifies = func(child int, first *int) int { return page(child, first, 10) }
	// Each creation batch lists up to 100 accounts.
	c.Query.CreationBatches = func(child int, _ *string, _ int, first *int) int { return page(child*10, first, 50) }
	// A network's cost grows with hops and its node cap; its selection is flat.
	c.Query.Network = func(child int, _ []string, hops *int, _ []model.EngagementKind, _ *int, _, _ *time.Time, limit *int) int {
		h, n := 1, 500
		if hops != nil && *hops > 0 {
			h = *hops
		}
		if limit != nil && *limit > 0 {
			n = *limit
		}
		return 1 + h*n/10*child/10
	}
	// A coordination run reads every share of its signal whatever it
	// returns; what it returns grows with its edge limit.
	coordination := func(child int, in model.CoordinationInput) int {
		n := 5000
		if in.Limit != nil && *in.Limit > 0 {
			n = *in.Limit
		}
		return 100 + n*child/1000
	}
	c.Query.Coordination = coordination
	c.Mutation.SaveCoordination = func(child int, _ string, in model.CoordinationInput) int { return coordination(child, in) }
	return c
}

// depthLimit refuses operations nested deeper than max before they run.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(_ context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation == nil {
		return nil
	}
	if depth := selectionDepth(op.Operation.SelectionSet, op.Doc.Fragments); depth > d.max {
		err := gqlerror.Errorf("query depth %d exceeds the limit of %d", depth, d.max)
		err.Extensions = map[string]any{"code": "LIMIT_EXCEEDED"}
		return err
	}
	return nil
}

// selectionDepth is the deepest nesting of fields in set, fragments
// included. Each fragment's depth is computed once and reused at every
// spread: a chain of fragments that each spread the previous one twice
// would otherwise be walked 2^n times.
func selectionDepth(set ast.SelectionSet, frags ast.FragmentDefinitionList) int {
	w := depthWalker{frags: make(map[string]*ast.FragmentDefinition, len(frags)), memo: map[string]int{}}
	for _, f := range frags {
		if _, dup := w.frags[f.Name]; !dup {
			w.frags[f.Name] = f
		}
	}
	return w.set(set)
}

type depthWalker struct {
	frags map[string]*ast.FragmentDefinition
	memo  map[string]int
}

func (w depthWalker) set(set ast.SelectionSet) int {
	deepest := 0
	for _, sel := range set {
		d := 0
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				d = 1 // introspection is bounded by the schema; GraphiQL's query nests deeply
			} else {
				d = 1 + w.set(s.SelectionSet)
			}
		case *ast.InlineFragment:
			d = w.set(s.SelectionSet)
		case *ast.FragmentSpread:
			d = w.fragment(s.Name)
		}
		deepest = max(deepest, d)
	}
	return deepest
}

func (w depthWalker) fragment(name string) int {
	if d, ok := w.memo[name]; ok {
		return d
	}
	f := w.frags[name]
	if f == nil {
		return 0
	}
	w.memo[name] = 0 // cycles are refused by validation; stay finite anyway
	d := w.set(f.SelectionSet)
	w.memo[name] = d
	return d
}
