package main

import (
	"context"
	"fmt"
	"io"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/store"
)

func runMigrate(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("migrate", stderr)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := newLogger(stderr, "text")
	st, err := store.Open(ctx, n4j, log)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	applied, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "migrated %s: %d of %d schema statements applied (the others' indexes exist)\n", n4j.Redacted(), applied, len(store.SchemaStatements()))
	return nil
}
