package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/querysize"
)

const (
	// IntrospectionCost is what `__schema` and `__type` cost in the
	// complexity budget, whatever they select: an answer walks the whole
	// schema (about 100 KB of JSON for `__schema`), and without a price a few
	// thousand aliases of it grew the server by gigabytes. GraphiQL's one
	// introspection query costs far less than the budget; 40 of them do not.
	IntrospectionCost = 500
	// RootFieldCost is the least a field of Query or Mutation costs: each
	// runs at least one Neo4j query of its own, unbatched, so a thousand
	// aliases of even a cheap one (`stats`, `datasets`) are a thousand
	// queries.
	RootFieldCost = 50
)

// documentSize refuses a document over querysize's limits (tokens, fields
// counted as executed, alias length) before gqlgen parses and validates it:
// validation is quadratic in repeated fields and the depth and complexity
// walks follow fragment spreads. It must run after the persisted-query
// extension, which fills in the document.
type documentSize struct {
	// cache is gqlgen's cache of parsed documents: everything in it passed
	// this check before it was parsed, so a hit is not parsed twice.
	cache graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = documentSize{}

func (documentSize) ExtensionName() string                   { return "DocumentSize" }
func (documentSize) Validate(graphql.ExecutableSchema) error { return nil }
func (d documentSize) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if _, ok := d.cache.Get(ctx, p.Query); ok {
		return nil
	}
	if err := querysize.Check(p.Query); err != nil {
		return gqlErr(err)
	}
	return nil
}

// gqlErr carries an apperr error through gqlgen's extension hooks; the
// presenter gives it its code.
func gqlErr(err error) *gqlerror.Error {
	return &gqlerror.Error{Message: apperr.Message(err), Err: err}
}

// costLimit refuses operations whose complexity exceeds max. It is gqlgen's
// complexity rule (list fields cost their page through the generated
// Complexity funcs, other fields one plus their selection) with three
// changes: a fragment's cost is computed once per operation however often it
// is spread, introspection costs IntrospectionCost instead of nothing, and
// root fields cost at least RootFieldCost.
type costLimit struct {
	es  graphql.ExecutableSchema
	max int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*costLimit)(nil)

func (*costLimit) ExtensionName() string { return "CostLimit" }
func (c *costLimit) Validate(es graphql.ExecutableSchema) error {
	c.es = es
	return nil
}

func (c *costLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation == nil {
		return nil
	}
	w := costWalker{es: c.es, schema: c.es.Schema(), vars: op.Variables, memo: map[string]int{}}
	if cost := w.set(ctx, op.Operation.SelectionSet); cost > c.max {
		return gqlErr(apperr.New(apperr.LimitExceeded, "operation has complexity %d, which exceeds the limit of %d", cost, c.max))
	}
	return nil
}

type costWalker struct {
	es     graphql.ExecutableSchema
	schema *ast.Schema
	vars   map[string]any
	memo   map[string]int
}

func (w costWalker) set(ctx context.Context, set ast.SelectionSet) int {
	cost := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			cost = sat(cost, w.field(ctx, s))
		case *ast.InlineFragment:
			cost = sat(cost, w.set(ctx, s.SelectionSet))
		case *ast.FragmentSpread:
			name := s.Name
			if _, ok := w.memo[name]; !ok && s.Definition != nil {
				w.memo[name] = 0 // cycles are refused by validation; stay finite anyway
				w.memo[name] = w.set(ctx, s.Definition.SelectionSet)
			}
			cost = sat(cost, w.memo[name])
		}
	}
	return cost
}

func (w costWalker) field(ctx context.Context, f *ast.Field) int {
	switch {
	case f.Name == "__schema" || f.Name == "__type":
		return IntrospectionCost
	case f.Definition == nil || f.ObjectDefinition == nil:
		return 1
	}
	typ := w.schema.Types[f.Definition.Type.Name()]
	child := 0
	if typ != nil && (typ.Kind == ast.Object || typ.Kind == ast.Interface || typ.Kind == ast.Union) {
		child = w.set(ctx, f.SelectionSet)
	}
	args := f.ArgumentMap(w.vars)
	cost := 0
	if f.ObjectDefinition.Kind == ast.Interface {
		// Interfaces have no costs of their own: the dearest implementation.
		for _, t := range w.schema.GetPossibleTypes(f.ObjectDefinition) {
			cost = max(cost, w.one(ctx, t.Name, f.Name, child, args))
		}
	} else {
		cost = w.one(ctx, f.ObjectDefinition.Name, f.Name, child, args)
	}
	if w.root(f.ObjectDefinition) && f.Name != "__typename" {
		cost = max(cost, RootFieldCost)
	}
	return cost
}

func (w costWalker) root(def *ast.Definition) bool {
	return w.schema.Query != nil && def.Name == w.schema.Query.Name ||
		w.schema.Mutation != nil && def.Name == w.schema.Mutation.Name
}

func (w costWalker) one(ctx context.Context, typ, field string, child int, args map[string]any) int {
	if c, ok := w.es.Complexity(ctx, typ, field, child, args); ok && c >= 1 {
		return c
	}
	return sat(1, child)
}

// sat adds without overflowing and ignores negative costs, as gqlgen does.
func sat(a, b int) int {
	a, b = max(a, 0), max(b, 0)
	if c := a + b; c >= a {
		return c
	}
	return int(^uint(0) >> 1)
}

const (
	// MaxCachedDocument is the largest document kept parsed in the query
	// cache. A parsed and validated document takes about 25 times its text
	// (a 35 KB document 0.8 MB), and the cache counts entries, not bytes:
	// without a bound, a thousand distinct 1 MB documents would keep
	// gigabytes. Hand-written queries and GraphiQL's are well under it;
	// larger ones are parsed each time they come.
	MaxCachedDocument = 4 << 10
	// MaxPersistedQuery is the largest document the persisted-query cache
	// keeps by hash (its entries are the text alone).
	MaxPersistedQuery = 32 << 10
)

// smallOnly is a cache that keeps only entries of at most max bytes (as
// size measures them), so a count-bounded LRU is bounded in memory too.
type smallOnly[T any] struct {
	graphql.Cache[T]
	max  int
	size func(key string, value T) int
}

func (c smallOnly[T]) Add(ctx context.Context, key string, value T) {
	if c.size(key, value) <= c.max {
		c.Cache.Add(ctx, key, value)
	}
}
