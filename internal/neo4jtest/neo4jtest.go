// Package neo4jtest gives integration tests a real Neo4j.
//
// Where it comes from, in order: NEO4J_URI (with NEO4J_USER and
// NEO4J_PASSWORD) when set, which is what `make test` and CI use; else a
// neo4j:5.26-community container from testcontainers-go when a Docker engine
// answers; else the test fails under CI=true and is skipped, with the reason,
// otherwise.
//
// Isolation: Community Edition has a single database, and `go test ./...`
// runs packages as parallel processes. Fresh therefore takes an exclusive
// file lock (one per Neo4j URI, shared by every test process on the machine)
// for the whole test, and wipes the database before handing it over. Tests
// that touch Neo4j thus run one at a time across all packages, while
// everything else still runs in parallel; they must not call t.Parallel.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/testcontainers/testcontainers-go"
	tcneo4j "github.com/testcontainers/testcontainers-go/modules/neo4j"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/store"
)

// Image is the Neo4j image tests start when no NEO4J_URI is given; it is the
// one docker-compose.yml runs.
const Image = "neo4j:5.26-community"

// LockTimeout bounds how long a test waits for another test's turn.
const LockTimeout = 20 * time.Minute

//go:embed wipe.cypher
var wipeCypher string

//go:embed wipe_relationships.cypher
var wipeRelationshipsCypher string

var (
	heldMu sync.Mutex
	held   = map[testing.TB]bool{}

	once    sync.Once
	shared  *store.Store
	db      *graphdb.DB
	cfg     config.Neo4j
	skipMsg string
	openErr error
)

// Config returns the connection settings of the test Neo4j, obtaining one as
// described in the package doc.
func Config(t testing.TB) config.Neo4j {
	t.Helper()
	once.Do(setup)
	if skipMsg != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("neo4jtest: %s (CI=true, so this fails instead of skipping)", skipMsg)
		}
		t.Skip("neo4jtest: " + skipMsg)
	}
	if openErr != nil {
		t.Fatalf("neo4jtest: %v", openErr)
	}
	return cfg
}

// Fresh returns a store on an empty, migrated database that this test holds
// alone until it ends.
func Fresh(t testing.TB) *store.Store {
	t.Helper()
	Config(t)
	heldMu.Lock()
	already := held[t]
	held[t] = true
	heldMu.Unlock()
	if !already { // a test may ask for a fresh database twice; it holds the lock once
		unlock := lock(t, cfg.URI)
		t.Cleanup(func() {
			heldMu.Lock()
			delete(held, t)
			heldMu.Unlock()
			unlock()
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := Wipe(ctx, db); err != nil {
		t.Fatalf("neo4jtest: wipe: %v", err)
	}
	if _, err := shared.Migrate(ctx); err != nil {
		t.Fatalf("neo4jtest: migrate: %v", err)
	}
	return shared
}

// Wipe deletes every node and relationship in batches (one huge transaction
// would need memory in proportion to the graph). The schema stays.
func Wipe(ctx context.Context, db *graphdb.DB) error {
	sess := db.Session(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	for _, q := range []string{wipeRelationshipsCypher, wipeCypher} {
		res, err := sess.Run(ctx, q, nil) // CALL … IN TRANSACTIONS needs an auto-commit transaction
		if err != nil {
			return err
		}
		if _, err := res.Consume(ctx); err != nil {
			return err
		}
	}
	return nil
}

func setup() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		cfg = config.Neo4j{
			URI:            uri,
			User:           envOr("NEO4J_USER", "neo4j"),
			Password:       envOr("NEO4J_PASSWORD", config.DevPassword),
			Database:       envOr("NEO4J_DATABASE", "neo4j"),
			ConnectTimeout: 60 * time.Second,
			QueryTimeout:   2 * time.Minute,
		}
	} else {
		uri, err := startContainer(ctx)
		if err != nil {
			skipMsg = "no Neo4j for integration tests: NEO4J_URI is unset (run `make test`, which starts one) and testcontainers could not start " + Image + ": " + err.Error()
			return
		}
		cfg = config.Neo4j{URI: uri, User: "neo4j", Password: config.DevPassword, Database: "neo4j",
			ConnectTimeout: 60 * time.Second, QueryTimeout: 2 * time.Minute}
	}
	if db, openErr = graphdb.Open(ctx, cfg, nil); openErr == nil {
		shared = store.New(db)
	}
}

// DB is the test Neo4j's database, which the store Fresh returns reads: for
// the loaders (their Target) and for fixtures and checks in raw Cypher,
// which the store has no business offering.
func DB(t testing.TB) *graphdb.DB {
	t.Helper()
	Config(t)
	return db
}

// Exec runs one statement of fixture or check Cypher on the test database
// and fails the test if it fails.
func Exec(t testing.TB, cypher string, params map[string]any) *neo4j.EagerResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := DB(t).Query(ctx, cypher, params)
	if err != nil {
		t.Fatalf("neo4jtest: %.80s…: %v", cypher, err)
	}
	return res
}

// startContainer runs Neo4j under Docker; Ryuk removes it when the test
// process exits.
func startContainer(ctx context.Context) (uri string, err error) {
	defer func() {
		if r := recover(); r != nil { // testcontainers panics when no Docker socket exists
			err = fmt.Errorf("docker unavailable: %v", r)
		}
	}()
	provider, err := testcontainers.ProviderDocker.GetProvider()
	if err != nil {
		return "", err
	}
	hctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := provider.Health(hctx); err != nil {
		return "", fmt.Errorf("docker unavailable: %w", err)
	}
	c, err := tcneo4j.Run(ctx, Image, tcneo4j.WithAdminPassword(config.DevPassword))
	if err != nil {
		return "", err
	}
	return c.BoltUrl(ctx)
}

// lock takes the machine-wide lock for uri, polling so that a stuck holder
// turns into a clear failure after LockTimeout instead of a hang.
func lock(t testing.TB, uri string) func() {
	t.Helper()
	// bolt:// and neo4j:// URIs of one server share a lock: key on host:port.
	key := uri
	if u, err := url.Parse(uri); err == nil && u.Host != "" {
		key = u.Host
	}
	sum := sha256.Sum256([]byte(key))
	path := filepath.Join(os.TempDir(), fmt.Sprintf("iograph-neo4jtest-%x.lock", sum[:6]))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("neo4jtest: open lock %s: %v", path, err)
	}
	deadline := time.Now().Add(LockTimeout)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); _ = f.Close() }
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			t.Fatalf("neo4jtest: lock %s: %v", path, err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("neo4jtest: waited %s for the Neo4j test lock %s", LockTimeout, path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
