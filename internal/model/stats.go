// Package model holds iograph's domain types. gqlgen binds the GraphQL types
// to them (autobind), so each type is defined once for the store, the
// resolvers and the API.
package model

// Stats is the root of the graph's size report. It has no fields of its own:
// each of its GraphQL fields runs its own query only when asked for.
type Stats struct{}

// LabelCount is the number of nodes carrying one label.
type LabelCount struct {
	Label string `json:"label"`
	Count int    `json:"count"`
}

// TypeCount is the number of relationships of one type.
type TypeCount struct {
	Type  string `json:"type"`
	Count int    `json:"count"`
}
