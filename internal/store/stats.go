package store

import (
	"context"
	_ "embed"
	"regexp"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed stats_nodes.cypher
	statsNodesCypher string
	//go:embed stats_nodes_other.cypher
	statsNodesOtherCypher string
	//go:embed stats_relationships.cypher
	statsRelationshipsCypher string
	//go:embed stats_relationships_other.cypher
	statsRelationshipsOtherCypher string
)

// Access-control nodes are not part of the graph under investigation, and
// their counts (how many tokens exist) are not every viewer's business.
var (
	accessLabels = []string{"User", "Token", "AuditEvent"}
	accessTypes  = []string{"ISSUED_TO"}
)

// The labels and types the count-store queries name, read from the queries
// themselves so that the list exists once.
var (
	countedLabels = named(statsNodesCypher, `RETURN '(\w+)' AS label`)
	countedTypes  = named(statsRelationshipsCypher, `RETURN '(\w+)' AS type`)
)

func named(query, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(query, -1) {
		out = append(out, m[1])
	}
	return out
}

// CountedLabels and CountedTypes are what stats answers from the count
// store; a test checks that every loader's labels and types are among them.
func CountedLabels() []string { return slices.Clone(countedLabels) }
func CountedTypes() []string  { return slices.Clone(countedTypes) }

// NodeCounts returns the number of nodes per label, sorted by label.
func (s *Store) NodeCounts(ctx context.Context) ([]model.LabelCount, error) {
	var out []model.LabelCount
	for _, q := range []string{statsNodesCypher, statsNodesOtherCypher} {
		rows, err := read(ctx, s, "node counts", q, map[string]any{"hidden": accessLabels, "known": countedLabels},
			func(r *neo4j.Record) (model.LabelCount, error) {
				label, _, err := neo4j.GetRecordValue[string](r, "label")
				if err != nil {
					return model.LabelCount{}, err
				}
				n, _, err := neo4j.GetRecordValue[int64](r, "count")
				return model.LabelCount{Label: label, Count: int(n)}, err
			})
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	slices.SortFunc(out, func(a, b model.LabelCount) int { return strings.Compare(a.Label, b.Label) })
	return out, nil
}

// RelationshipCounts returns the number of relationships per type, sorted by type.
func (s *Store) RelationshipCounts(ctx context.Context) ([]model.TypeCount, error) {
	var out []model.TypeCount
	for _, q := range []string{statsRelationshipsCypher, statsRelationshipsOtherCypher} {
		rows, err := read(ctx, s, "relationship counts", q, map[string]any{"hidden": accessTypes, "known": countedTypes},
			func(r *neo4j.Record) (model.TypeCount, error) {
				typ, _, err := neo4j.GetRecordValue[string](r, "type")
				if err != nil {
					return model.TypeCount{}, err
				}
				n, _, err := neo4j.GetRecordValue[int64](r, "count")
				return model.TypeCount{Type: typ, Count: int(n)}, err
			})
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	slices.SortFunc(out, func(a, b model.TypeCount) int { return strings.Compare(a.Type, b.Type) })
	return out, nil
}
