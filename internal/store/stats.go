package store

import (
	"context"
	_ "embed"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed stats_nodes.cypher
	statsNodesCypher string
	//go:embed stats_relationships.cypher
	statsRelationshipsCypher string
)

// Access-control nodes are not part of the graph under investigation, and
// their counts (how many tokens exist) are not every viewer's business.
var (
	accessLabels = []string{"User", "Token", "AuditEvent"}
	accessTypes  = []string{"ISSUED_TO"}
)

// NodeCounts returns the number of nodes per label, sorted by label.
func (s *Store) NodeCounts(ctx context.Context) ([]model.LabelCount, error) {
	return read(ctx, s, "node counts", statsNodesCypher, map[string]any{"hidden": accessLabels}, func(r *neo4j.Record) (model.LabelCount, error) {
		label, _, err := neo4j.GetRecordValue[string](r, "label")
		if err != nil {
			return model.LabelCount{}, err
		}
		n, _, err := neo4j.GetRecordValue[int64](r, "count")
		return model.LabelCount{Label: label, Count: int(n)}, err
	})
}

// RelationshipCounts returns the number of relationships per type, sorted by type.
func (s *Store) RelationshipCounts(ctx context.Context) ([]model.TypeCount, error) {
	return read(ctx, s, "relationship counts", statsRelationshipsCypher, map[string]any{"hidden": accessTypes}, func(r *neo4j.Record) (model.TypeCount, error) {
		typ, _, err := neo4j.GetRecordValue[string](r, "type")
		if err != nil {
			return model.TypeCount{}, err
		}
		n, _, err := neo4j.GetRecordValue[int64](r, "count")
		return model.TypeCount{Type: typ, Count: int(n)}, err
	})
}
