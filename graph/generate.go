// Package graph holds gqlgen's generated executable schema. Nothing in it is
// written by hand except this file: edit schema/*.graphql or gqlgen.yml and run
// `go generate ./...` (gqlgen finds gqlgen.yml by walking up from here).
package graph

//go:generate go tool gqlgen generate
