// Package store holds the graph's queries: every read and write the API's
// use cases make. It reaches Neo4j only through graphdb, as the loaders do.
// Every query it runs lives in a .cypher file beside it, embedded at build
// time, and takes its values as parameters.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/graphdb"
)

// Store is the graph's queries over a graphdb.DB; it is safe for concurrent
// use and holds no state but the DB's connection pool, so any number of
// servers may share a Neo4j.
type Store struct {
	queries atomic.Int64 // read queries run, for tests of round trips per request
	db      *graphdb.DB
	// networkPlan forces one way of reading networks (tests); zero chooses.
	networkPlan networkPlan
}

// Open connects to Neo4j (see graphdb.Open) and returns a store on it that
// owns the connection: Close closes it.
func Open(ctx context.Context, cfg config.Neo4j, log *slog.Logger) (*Store, error) {
	db, err := graphdb.Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	return New(db), nil
}

// New returns a store on db, which a process shares with its loaders; Close
// closes db.
func New(db *graphdb.DB) *Store { return &Store{db: db} }

// Close releases the connection pool.
func (s *Store) Close(ctx context.Context) error { return s.db.Close(ctx) }

// QueryCount is the number of read queries (each one Bolt round trip of
// BEGIN, RUN, PULL, COMMIT) this store has run.
func (s *Store) QueryCount() int64 { return s.queries.Load() }

// Ping checks that Neo4j answers a query on the configured database, which is
// what /readyz promises.
func (s *Store) Ping(ctx context.Context) error { return s.db.Ping(ctx) }

// Warm opens n connections ahead of load (see graphdb.DB.Warm) and has
// Neo4j plan, ahead of the first request, the queries whose planning costs
// more than their answer (planAhead).
func (s *Store) Warm(ctx context.Context, n int) error {
	if err := s.db.Warm(ctx, n); err != nil {
		return err
	}
	for _, q := range planAhead {
		// EXPLAIN plans and caches the plan (for these parameter types)
		// without running the query.
		if _, err := read(ctx, s, q.op, "EXPLAIN "+q.query, q.params, func(*neo4j.Record) (struct{}, error) { return struct{}{}, nil }); err != nil {
			return fmt.Errorf("plan %s ahead: %w", q.op, err)
		}
	}
	return nil
}

// planAhead are the queries Warm has Neo4j plan, with parameters of the
// types requests send (a plan is cached per query text and parameter
// types). Planning path.cypher's SHORTEST takes 0.75 s on a quiet 2-core
// machine, its answer 40 ms: without this, the first path request after a
// start took over a second, and over the 1 s a hostile request may take
// (cmd/iograph hostile test). The network's queries are planned too, so
// that the workbench's first drawing after a start is as quick as the next.
var planAhead = []struct {
	op, query string
	params    map[string]any
}{
	{"path", pathCypher, map[string]any{"from": "", "to": "", "kinds": []string{"RETWEET"}, "maxHops": int64(MaxPathHops)}},
	{"network", networkNodesCypher, map[string]any{"uids": []string{""}}},
	{"network", networkSizeCypher, nil},
	{"network", networkGrowFrontierCypher, networkPlanParams},
	{"network", networkOutsideCypher, networkPlanParams},
	{"network", networkGrowOutsideCypher, networkPlanParams},
	{"network", networkEdgesHeaviestCypher, networkPlanParams},
	{"network", networkEdgesNodesCypher, networkPlanParams},
}

// networkPlanParams has every parameter of the network's queries, of the
// types Network sends.
var networkPlanParams = map[string]any{
	"kinds": []string{"RETWEET"}, "allKinds": true, "minWeight": int64(1), "detail": int64(EdgeTimes),
	"frontier": []string{""}, "frontierIds": map[string]any{"": true}, "known": map[string]any{"": true}, "room": int64(1),
	"outside": []string{""}, "nodes": []string{""}, "members": map[string]any{"": int64(0)}, "max": int64(1),
}

// read runs one read query in a read transaction bounded by the query
// timeout and maps every record with fn. The request's ctx cancels it.
func read[T any](ctx context.Context, s *Store, op, query string, params map[string]any, fn func(*neo4j.Record) (T, error)) ([]T, error) {
	ctx, release, err := s.db.Enter(ctx, op)
	if err != nil {
		return nil, err
	}
	defer release()
	s.queries.Add(1)
	res, err := s.db.Query(ctx, query, params, neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.db.QueryTimeout())))
	if err != nil {
		return nil, graphdb.Classify(ctx, op, err)
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

// readList runs a read whose rows come back as one list in one record
// (its first column): Bolt costs about 10 µs a record, which is most of the
// time of a query that returns thousands of rows. fn maps each entry.
func readList[T any](ctx context.Context, s *Store, op, query string, params map[string]any, fn func(any) (T, error)) ([]T, error) {
	lists, err := read(ctx, s, op, query, params, func(r *neo4j.Record) ([]any, error) {
		if len(r.Values) == 0 {
			return nil, fmt.Errorf("no column")
		}
		l, ok := r.Values[0].([]any)
		if !ok {
			return nil, fmt.Errorf("want a list, got %T", r.Values[0])
		}
		return l, nil
	})
	if err != nil {
		return nil, err
	}
	var out []T
	for _, l := range lists {
		out = slices.Grow(out, len(l))
		for _, v := range l {
			t, err := fn(v)
			if err != nil {
				return nil, fmt.Errorf("%s: map entry: %w", op, err)
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// write runs fn in one write transaction with the query timeout.
func write[T any](ctx context.Context, s *Store, op string, fn func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	ctx, release, err := s.db.Enter(ctx, op)
	if err != nil {
		var zero T
		return zero, err
	}
	defer release()
	s.queries.Add(1)
	sess := s.db.Session(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(context.Background())
	v, err := neo4j.ExecuteWrite(ctx, sess, fn, neo4j.WithTxTimeout(s.db.QueryTimeout()))
	var ae *apperr.Error
	if err != nil && !errors.As(err, &ae) {
		// a refusal (apperr) passes as it is; driver errors get their kind
		return v, graphdb.Classify(ctx, op, err)
	}
	return v, err
}

// run is one statement of a write transaction; it returns its records.
func run(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// stream is read for answers too large to hold twice: it maps each record
// as it arrives instead of collecting the driver's records first. A retried
// transaction starts the answer over.
func stream[T any](ctx context.Context, s *Store, op, query string, params map[string]any, fn func(*neo4j.Record) (T, error)) ([]T, error) {
	ctx, release, err := s.db.Enter(ctx, op)
	if err != nil {
		return nil, err
	}
	defer release()
	s.queries.Add(1)
	// FetchAll: the whole answer is wanted, so one PULL, not one round trip
	// per thousand records.
	sess := s.db.Session(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead,
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
	}, neo4j.WithTxTimeout(s.db.QueryTimeout()))
	if mapErr != nil {
		return nil, mapErr
	}
	if err != nil {
		return nil, graphdb.Classify(ctx, op, err)
	}
	list, _ := out.([]T)
	return list, nil
}
