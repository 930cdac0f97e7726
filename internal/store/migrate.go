package store

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed schema.cypher
var schemaCypher string

// SchemaStatements splits schema.cypher into its statements, dropping
// comments, so each runs in its own transaction as Neo4j requires for schema
// changes.
func SchemaStatements() []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(schemaCypher, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		cur.WriteString(t)
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(cur.String(), ";"))
			cur.Reset()
			continue
		}
		cur.WriteString(" ")
	}
	return out
}

// Migrate applies every schema statement (each is idempotent) and waits until
// the indexes are online, so the first query after start already uses them.
func (s *Store) Migrate(ctx context.Context) error {
	for i, stmt := range SchemaStatements() {
		_, err := s.db.Query(ctx, stmt, nil, neo4j.ExecuteQueryWithWritersRouting())
		if err != nil {
			return fmt.Errorf("migrate: schema statement %d (%.60s…): %w", i+1, stmt, err)
		}
	}
	_, err := s.db.Query(ctx, "CALL db.awaitIndexes($seconds)",
		map[string]any{"seconds": int64((5 * time.Minute).Seconds())}, neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return fmt.Errorf("migrate: wait for indexes: %w", err)
	}
	return nil
}
