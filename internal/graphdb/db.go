package graphdb

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/gate"
)

// DB is one Neo4j database: the driver's connection pool, the database's
// name and the query timeout of every bounded call. The store's queries and
// the loaders' writes both run through it, so there is one way to reach
// Neo4j; the driver itself stays inside this package. It is safe for
// concurrent use.
type DB struct {
	driver neo4j.DriverWithContext
	cfg    config.Neo4j
}

// Open connects to Neo4j, retrying with exponential backoff while the server
// is unreachable (it may still be starting) until cfg.ConnectTimeout passes.
// Wrong credentials fail at once: retrying cannot fix them.
func Open(ctx context.Context, cfg config.Neo4j, log *slog.Logger) (*DB, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""),
		func(c *neo4j.Config) {
			c.SocketConnectTimeout = 5 * time.Second
			c.ConnectionAcquisitionTimeout = 30 * time.Second
			c.MaxTransactionRetryTime = 15 * time.Second
			if cfg.FailFast {
				FailFast(c)
			}
		})
	if err != nil {
		return nil, fmt.Errorf("neo4j at %s: %w", cfg.Redacted(), err)
	}
	s := &DB{driver: driver, cfg: cfg}

	ctx, cancel := context.WithTimeout(ctx, cfg.ConnectTimeout)
	defer cancel()
	backoff := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err = s.Ping(ctx)
		if err == nil {
			return s, nil
		}
		if IsAuth(err) {
			_ = driver.Close(context.Background())
			return nil, fmt.Errorf("neo4j at %s refused the credentials of user %q (check NEO4J_USER and NEO4J_PASSWORD)", cfg.Redacted(), cfg.User)
		}
		log.Warn("neo4j not reachable yet", "uri", cfg.Redacted(), "attempt", attempt, "err", err)
		select {
		case <-ctx.Done():
			_ = driver.Close(context.Background())
			return nil, fmt.Errorf("neo4j at %s not reachable after %d attempts in %s: %w", cfg.Redacted(), attempt, cfg.ConnectTimeout, err)
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 4*time.Second)
	}
}

// Close releases the connection pool.
func (d *DB) Close(ctx context.Context) error { return d.driver.Close(ctx) }

// Database is the Neo4j database every call of this DB uses.
func (d *DB) Database() string { return d.cfg.Database }

// QueryTimeout is the transaction timeout of bounded calls (Enter).
func (d *DB) QueryTimeout() time.Duration { return d.cfg.QueryTimeout }

// Ping checks that Neo4j answers a query on the configured database, which is
// what /readyz promises: connectivity alone would not catch a missing database.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.driver.VerifyConnectivity(ctx); err != nil {
		return err
	}
	_, err := neo4j.ExecuteQuery(ctx, d.driver, "RETURN 1", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(d.cfg.Database), neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(5*time.Second)))
	return err
}

// Enter starts a bounded call: it waits for the call's turn under the
// request's and the server's bounds (package gate) and bounds the call by
// the query timeout on this side too, so that a Neo4j that stopped
// answering (a partition, a hung server) cannot hold it forever. The
// deadline also makes cancellation reach a read that waits on Neo4j: the
// driver (v5, racing.Reader) only races a socket read against its context
// when the context has a deadline; without one, a request whose client left
// stays blocked until Neo4j answers.
func (d *DB) Enter(ctx context.Context, op string) (context.Context, func(), error) {
	release, err := gate.Enter(ctx)
	if err != nil {
		return ctx, nil, fmt.Errorf("%s: %w", op, err)
	}
	ctx, cancel := context.WithTimeout(ctx, d.cfg.QueryTimeout+callMargin)
	return ctx, func() { cancel(); release() }, nil
}

// callMargin is how long past the query timeout a call may wait for
// Neo4j to report that timeout itself.
const callMargin = 10 * time.Second

// Query runs one statement in a transaction of its own on this database,
// with the driver's managed retries; opts add routing and transaction
// config. Errors are the driver's, for the caller to wrap or Classify.
func (d *DB) Query(ctx context.Context, cypher string, params map[string]any, opts ...neo4j.ExecuteQueryConfigurationOption) (*neo4j.EagerResult, error) {
	opts = append([]neo4j.ExecuteQueryConfigurationOption{neo4j.ExecuteQueryWithDatabase(d.cfg.Database)}, opts...)
	return neo4j.ExecuteQuery(ctx, d.driver, cypher, params, neo4j.EagerResultTransformer, opts...)
}

// Session opens a session on this database (cfg's DatabaseName is set
// here), for work that spans statements: explicit transactions, managed
// transactions that stream, auto-commit CALL … IN TRANSACTIONS.
func (d *DB) Session(ctx context.Context, cfg neo4j.SessionConfig) neo4j.SessionWithContext {
	cfg.DatabaseName = d.cfg.Database
	return d.driver.NewSession(ctx, cfg)
}

// ServerInfo describes the Neo4j server answering, for benchmark reports.
func (d *DB) ServerInfo(ctx context.Context) (neo4j.ServerInfo, error) {
	return d.driver.GetServerInfo(ctx)
}
