// Package graph holds gqlgen's generated executable schema. Nothing in it is
// written by hand except this file: edit schema/*.graphql or gqlgen.yml and run
// `go generate ./...` (gqlgen finds gqlgen.yml by walking up from here).
package graph

import (
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
)

//go:generate go tool gqlgen generate

// Schema is the API's schema as an AST, built once: saved documents are
// checked against it (app.CheckDocument) wherever they come from, a request,
// the export endpoint or the command line.
var Schema = sync.OnceValue(func() *ast.Schema { return NewExecutableSchema(Config{}).Schema() })
