// Package app holds iograph's use cases: loads, coordination runs,
// saved-query checks and runs, exports, investigations and notes. The
// GraphQL resolvers, the command line and the HTTP handlers are adapters
// that translate their input and call it, so each pipeline is written once
// and every way in behaves the same. It stands above the store, the loaders
// and the pure packages (coord, export, model) and below every edge; it
// holds no Cypher and maps no error to a transport code.
package app

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/iograph/iograph/internal/store"
)

// Exec runs a GraphQL document in process with the schema, limits and checks
// of a live request. Saved queries and exports are GraphQL documents, so
// running them needs the API's executor.
type Exec func(ctx context.Context, document string, variables map[string]any) *graphql.Response

// App is the use cases over one store. It is safe for concurrent use.
type App struct {
	store  *store.Store
	schema *ast.Schema
	exec   Exec
}

// New returns the use cases over st. schema is the API's schema, which saved
// documents are checked against; exec runs them (nil where nothing runs a
// document: then RunSavedQuery and Export report an internal error). The
// executor is built around the resolvers, which hold this App, so the server
// passes a function that reaches the executor once it exists.
func New(st *store.Store, schema *ast.Schema, exec Exec) *App {
	return &App{store: st, schema: schema, exec: exec}
}

// Limits of what analysts write and of network-shaped input.
const (
	MaxTitle    = 200
	MaxSeeds    = 100
	maxDocument = 100_000
)
