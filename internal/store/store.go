// Package store is the only place that talks to Neo4j. Every query it runs
// lives in a .cypher file beside it, embedded at build time, and takes its
// values as parameters.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/gate"
)

// Store wraps a driver; it is safe for concurrent use and holds no state but
// the driver's connection pool, so any number of servers may share a Neo4j.
type Store struct {
	queries atomic.Int64 // read queries run, for tests of round trips per request
	driver  neo4j.DriverWithContext
	cfg     config.Neo4j
	log     *slog.Logger
}

// Open connects to Neo4j, retrying with exponential backoff while the server
// is unreachable (it may still be starting) until cfg.ConnectTimeout passes.
// Wrong credentials fail at once: retrying cannot fix them.
func Open(ctx context.Context, cfg config.Neo4j, log *slog.Logger) (*Store, error) {
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
				failFast(c)
			}
		})
	if err != nil {
		return nil, fmt.Errorf("neo4j at %s: %w", cfg.Redacted(), err)
	}
	s := &Store{driver: driver, cfg: cfg, log: log}

	ctx, cancel := context.WithTimeout(ctx, cfg.ConnectTimeout)
	defer cancel()
	backoff := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err = s.Ping(ctx)
		if err == nil {
			return s, nil
		}
		if isAuthError(err) {
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
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Driver exposes the driver to tests and to the ingest loaders, which write
// with their own batched transactions.
func (s *Store) Driver() neo4j.DriverWithContext { return s.driver }

// Database is the Neo4j database every session of this store uses.
func (s *Store) Database() string { return s.cfg.Database }

// QueryCount is the number of read queries (each one Bolt round trip of
// BEGIN, RUN, PULL, COMMIT) this store has run.
func (s *Store) QueryCount() int64 { return s.queries.Load() }

// Ping checks that Neo4j answers a query on the configured database, which is
// what /readyz promises: connectivity alone would not catch a missing database.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		return err
	}
	_, err := neo4j.ExecuteQuery(ctx, s.driver, "RETURN 1", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(5*time.Second)))
	return err
}

// enter starts a store call: it waits for the call's turn under the
// request's and the server's bounds (package gate) and bounds the call by
// the query timeout on this side too, so that a Neo4j that stopped
// answering (a partition, a hung server) cannot hold it forever. The
// deadline also makes cancellation reach a read that waits on Neo4j: the
// driver (v5, racing.Reader) only races a socket read against its context
// when the context has a deadline; without one, a request whose client left
// stays blocked until Neo4j answers.
func (s *Store) enter(ctx context.Context, op string) (context.Context, func(), error) {
	release, err := gate.Enter(ctx)
	if err != nil {
		return ctx, nil, fmt.Errorf("%s: %w", op, err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout+callMargin)
	return ctx, func() { cancel(); release() }, nil
}

// callMargin is how long past the query timeout a store call may wait for
// Neo4j to report that timeout itself.
const callMargin = 10 * time.Second

// read runs one read query in a read transaction bounded by the query
// timeout and maps every record with fn. The request's ctx cancels it.
func read[T any](ctx context.Context, s *Store, op, query string, params map[string]any, fn func(*neo4j.Record) (T, error)) ([]T, error) {
	ctx, release, err := s.enter(ctx, op)
	if err != nil {
		return nil, err
	}
	defer release()
	s.queries.Add(1)
	res, err := neo4j.ExecuteQuery(ctx, s.driver, query, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.cfg.QueryTimeout)))
	if err != nil {
		return nil, classify(ctx, op, err)
	}
	out := make([]T, 0, len(res.Records))
	for _, rec := range res.Records {
		v, err := fn(rec)
		if err != nil {
			return nil, fmt.Errorf("%s: map record: %w", op, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// stream is read for answers too large to hold twice: it maps each record
// as it arrives instead of collecting the driver's records first. A retried
// transaction starts the answer over.
func stream[T any](ctx context.Context, s *Store, op, query string, params map[string]any, fn func(*neo4j.Record) (T, error)) ([]T, error) {
	ctx, release, err := s.enter(ctx, op)
	if err != nil {
		return nil, err
	}
	defer release()
	s.queries.Add(1)
	// FetchAll: the whole answer is wanted, so one PULL, not one round trip
	// per thousand records.
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: neo4j.AccessModeRead,
		FetchSize: neo4j.FetchAll})
	defer sess.Close(context.Background())
	var mapErr error
	out, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, query, params)
		if err != nil {
			return nil, err
		}
		var out []T
		for res.Next(ctx) {
			v, err := fn(res.Record())
			if err != nil {
				mapErr = fmt.Errorf("%s: map record: %w", op, err)
				return nil, mapErr
			}
			out = append(out, v)
		}
		return out, res.Err()
	}, neo4j.WithTxTimeout(s.cfg.QueryTimeout))
	if mapErr != nil {
		return nil, mapErr
	}
	if err != nil {
		return nil, classify(ctx, op, err)
	}
	list, _ := out.([]T)
	return list, nil
}

func isAuthError(err error) bool {
	var n4j *neo4j.Neo4jError
	if errors.As(err, &n4j) {
		return n4j.Code == "Neo.ClientError.Security.Unauthorized" ||
			n4j.Code == "Neo.ClientError.Security.AuthenticationRateLimit"
	}
	return false
}
