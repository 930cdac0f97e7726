// Package resolvers holds the hand-written GraphQL resolvers. They translate
// arguments, call the use cases (internal/app) or, for plain reads, the
// store, and return domain types; they hold no Cypher and no pipelines.
package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/store"
)

// Resolver is the root resolver; it carries the request-independent
// dependencies. Per-request state (dataloaders) travels in the context.
type Resolver struct {
	// Store answers the plain reads a field maps one to one.
	Store *store.Store
	// App runs the use cases (coordination, saved queries); a resolver
	// only translates their arguments and results.
	App *app.App
	// ForgetIdentities drops the server's cache of authenticated tokens, so
	// that a revoked token or a changed role takes effect at once here (other
	// servers forget within their cache's lifetime). Nil when nothing caches.
	ForgetIdentities func()
}

func (r *Resolver) forgetIdentities(err error) {
	if err == nil && r.ForgetIdentities != nil {
		r.ForgetIdentities()
	}
}

// Limits every network-shaped query observes; the schema's descriptions
// state them too.
const (
	MaxSeeds        = app.MaxSeeds
	MaxHops         = 3
	MaxNetworkNodes = 5000
	MaxPathHops     = store.MaxPathHops
)

// Limits of a coordination result's objects field.
const (
	maxCoordinationObjs = 1000
	defaultCoordObjs    = 100
)

// selects says whether the field being resolved selects a child field of
// that name, or a path of fields below it (directly or through fragments,
// honouring @include and @skip): a resolver skips reading what no one asked
// for.
func selects(ctx context.Context, path ...string) bool {
	fields := graphql.CollectFieldsCtx(ctx, nil)
	for i, name := range path {
		var next []graphql.CollectedField
		for _, f := range fields {
			if f.Name == name {
				if i == len(path)-1 {
					return true
				}
				next = append(next, graphql.CollectFields(graphql.GetOperationContext(ctx), f.Selections, nil)...)
			}
		}
		fields = next
	}
	return false
}
