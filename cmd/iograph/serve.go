package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

func runServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	var lim config.Limits
	config.RegisterLimitFlags(fs, &lim)
	addr := fs.String("addr", config.Env("IOGRAPH_ADDR", ":8080"), "listen address (env IOGRAPH_ADDR)")
	logFormat := fs.String("log-format", config.Env("IOGRAPH_LOG_FORMAT", "text"), "log format: text or json (env IOGRAPH_LOG_FORMAT)")
	grace := fs.Duration("shutdown-grace", 15*time.Second, "how long requests in flight may finish after SIGTERM")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := lim.Validate(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log := newLogger(stderr, *logFormat)

	// Clients hear UNAVAILABLE within about a second while Neo4j is away,
	// rather than wait out the driver's retries.
	n4j.FailFast = true
	st, err := store.Open(ctx, n4j, log)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("connected to neo4j", "uri", n4j.Redacted(), "database", n4j.Database)
	return server.Serve(ctx, *addr, server.Handler(st, log, server.WithLimits(lim)), log, *grace, nil)
}
