package store

import (
	"context"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

var (
	//go:embed schema.cypher
	schemaCypher string
	//go:embed schema_present.cypher
	schemaPresentCypher string
	//go:embed schema_await.cypher
	schemaAwaitCypher string
)

// schemaNameRE finds the name a schema statement creates.
var schemaNameRE = regexp.MustCompile(`^CREATE (?:CONSTRAINT|(?:RANGE |TEXT |POINT |FULLTEXT |LOOKUP |VECTOR )?INDEX) (\w+) IF NOT EXISTS`)

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

// Migrate applies the schema statements whose index or constraint does not
// exist yet (each is idempotent anyway; skipping them makes a second start,
// and every load, which migrates too, two queries instead of dozens) and
// waits until the indexes are online, so the first query after start
// already uses them. It returns how many statements it ran.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	res, err := s.db.Query(ctx, schemaPresentCypher, nil, neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return 0, fmt.Errorf("migrate: read the schema: %w", err)
	}
	present := map[string]bool{}
	for _, r := range res.Records {
		name, _ := r.Values[0].(string)
		present[name] = true
	}
	applied := 0
	for i, stmt := range SchemaStatements() {
		if m := schemaNameRE.FindStringSubmatch(stmt); m != nil && present[m[1]] {
			continue
		}
		if _, err := s.db.Query(ctx, stmt, nil, neo4j.ExecuteQueryWithWritersRouting()); err != nil {
			return applied, fmt.Errorf("migrate: schema statement %d (%.60s…): %w", i+1, stmt, err)
		}
		applied++
	}
	// Always: the call is cheap when every index is online, and a test that
	// skipped it after a wipe (all indexes online) saw the browser journeys
	// miss an account's related assets.
	_, err = s.db.Query(ctx, schemaAwaitCypher,
		map[string]any{"seconds": int64((5 * time.Minute).Seconds())}, neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return applied, fmt.Errorf("migrate: wait for indexes: %w", err)
	}
	return applied, nil
}
