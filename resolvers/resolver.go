// Package resolvers holds the hand-written GraphQL resolvers. They translate
// arguments, call the store and return domain types; they hold no Cypher.
package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/iograph/iograph/internal/store"
)

// Resolver is the root resolver; it carries the request-independent
// dependencies. Per-request state (dataloaders) travels in the context.
type Resolver struct {
	Store *store.Store
	// Exec runs a GraphQL document through the server's executor, with the
	// same schema, limits and checks as a live request; runSavedQuery uses
	// it. The server sets it, as the executor is built around this resolver.
	Exec func(ctx context.Context, document string, variables map[string]any) *graphql.Response
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
	MaxSeeds        = 100
	MaxHops         = 3
	MaxNetworkNodes = 5000
	MaxPathHops     = store.MaxPathHops
)
