// Package resolvers holds the hand-written GraphQL resolvers. They translate
// arguments, call the store and return domain types; they hold no Cypher.
package resolvers

import "github.com/iograph/iograph/internal/store"

// Resolver is the root resolver; it carries the request-independent
// dependencies. Per-request state (dataloaders) travels in the context.
type Resolver struct {
	Store *store.Store
}
