package graphdb

import (
	"context"
	_ "embed"
	"fmt"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed warm.cypher
var warmCypher string

// Warm opens n connections and leaves them in the driver's pool. A server
// under load otherwise opens connections while Neo4j is busiest, and each
// new one's handshake and sign-in then queue behind the work: on a 2-core
// machine at a load average of 30 that took longer than the fail-fast
// profile's acquisition timeout, and well-behaved requests were refused as
// UNAVAILABLE although Neo4j was up (bench/README, loadtool). Transactions
// hold their connections until all n have one, so none is reused.
func (d *DB) Warm(ctx context.Context, n int) error {
	var wg sync.WaitGroup
	held := make(chan struct{})
	errs := make(chan error, n)
	var opened sync.WaitGroup
	opened.Add(n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := d.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: d.cfg.Database, AccessMode: neo4j.AccessModeRead})
			defer s.Close(context.Background())
			tx, err := s.BeginTransaction(ctx)
			opened.Done()
			if err != nil {
				errs <- err
				return
			}
			defer tx.Close(context.Background())
			if _, err := tx.Run(ctx, warmCypher, nil); err != nil {
				errs <- err
				return
			}
			select {
			case <-held:
			case <-ctx.Done():
			}
			errs <- tx.Commit(ctx)
		}()
	}
	opened.Wait()
	close(held)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return fmt.Errorf("warm the connection pool: %w", err)
		}
	}
	return nil
}
