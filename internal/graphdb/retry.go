package graphdb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Retry runs attempt until it succeeds and retries transient failures, as
// the driver's managed transactions would, for writes that manage their own
// transactions (the loaders' batches and derivations): a deadlock at once
// and alone (attempt gets alone = true from then on and should hold its
// writers' gate exclusively, so the transaction that lost does not meet the
// same contenders again), anything else transient (a leader switch, a lost
// connection) after a pause that doubles from 200 ms to 5 s. It stops when
// ctx ends (returning ctx's error), on an error that is not transient, and
// when budget has passed since the first attempt. retrying, if not nil,
// hears of every retry, for debug logs.
func Retry(ctx context.Context, budget time.Duration, retrying func(attempt int, deadlock bool, pause time.Duration, err error),
	attempt func(alone bool) error) error {
	deadline := time.Now().Add(budget)
	pause := 200 * time.Millisecond
	alone := false
	for n := 1; ; n++ {
		err := attempt(alone)
		if err == nil {
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if !Retryable(err) {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("gave up after %d attempts in %s: %w", n, budget, err)
		}
		if IsDeadlock(err) {
			if retrying != nil {
				retrying(n, true, 0, err)
			}
			alone = true
			continue
		}
		if retrying != nil {
			retrying(n, false, pause, err)
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return ctx.Err()
		}
		pause = min(2*pause, 5*time.Second)
	}
}

// Retryable tells transient failures (a deadlock, a leader switch, a lost
// connection), including those the driver gave up retrying on its own.
func Retryable(err error) bool {
	return neo4j.IsRetryable(err) || IsDeadlock(err)
}

// IsDeadlock also sees a deadlock wrapped in the driver's
// TransactionExecutionLimit error, whose cause is only in its text.
func IsDeadlock(err error) bool {
	var n4jErr *neo4j.Neo4jError
	if errors.As(err, &n4jErr) && n4jErr.Code == "Neo.TransientError.Transaction.DeadlockDetected" {
		return true
	}
	return strings.Contains(err.Error(), "Neo.TransientError.Transaction.DeadlockDetected")
}
