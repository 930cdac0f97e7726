// Package graphdb is the one Neo4j foundation under the store and the
// loaders: how driver errors are classified for the API edge, the driver
// profile of a server that must fail fast, and the one retry policy for
// transient write failures (deadlocks included). Both the store's reads and
// the loaders' batched writes go through it, so a failure means the same
// thing and is retried the same way wherever it happens.
package graphdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/gate"
)

// FailFast is the driver profile of a server answering clients: while Neo4j
// is unreachable a transaction fails within a second or two and the client
// hears UNAVAILABLE, instead of the driver retrying for 15 s (and a client
// waiting up to 31 s for an INTERNAL). The driver does not retry at all:
// after a refused connection its first back-off alone is 2 s, and clients
// retry better than a server holding their requests. A connect that hangs
// gives up after SocketConnectTimeout, a pool wait or handshake after
// ConnectionAcquisitionTimeout. What the retries did for a Neo4j that
// restarted (replace the pool's dead connections) the liveness check does:
// a connection idle for over a second is tested before it is used, so the
// server recovers by itself when Neo4j is back.
func FailFast(c *neo4j.Config) {
	c.SocketConnectTimeout = time.Second
	c.ConnectionAcquisitionTimeout = 1500 * time.Millisecond
	c.MaxTransactionRetryTime = 0
	c.ConnectionLivenessCheckTimeout = time.Second
}

// Classify gives driver errors the kind the API edge reports. An error that
// says Neo4j cannot be reached is also recorded for ctx's request, whose
// other store calls then fail at once (see gate.Unreachable).
func Classify(ctx context.Context, op string, err error) error {
	var n4j *neo4j.Neo4jError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return apperr.Wrap(apperr.Unavailable, err, "%s: cancelled or timed out", op)
	case unreachable(err):
		err = apperr.Wrap(apperr.Unavailable, err, "%s: the graph store is unavailable", op)
		gate.Unreachable(ctx, err)
		return err
	case errors.As(err, &n4j) && n4j.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
		return apperr.Wrap(apperr.LimitExceeded, err, "%s: query exceeded its time limit", op)
	case errors.As(err, &n4j) && n4j.Classification() == "TransientError":
		return apperr.Wrap(apperr.Unavailable, err, "%s: the graph store is busy, retry", op)
	case errors.As(err, new(*neo4j.TransactionExecutionLimit)):
		// The driver retried (only retryable errors are) until its budget
		// ran out: transient errors or lost connections all along.
		return apperr.Wrap(apperr.Unavailable, err, "%s: the graph store is unavailable or busy, retry", op)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// driverConnectivity names the driver's internal error types (package
// neo4j/internal/errorutil, not importable) that mean the server could not
// be reached or no connection could be had. The driver wraps them in a
// ConnectivityError on its public paths; inside a TransactionExecutionLimit
// and through a few other paths they arrive bare.
var driverConnectivity = map[string]bool{
	"*errorutil.ConnectivityError":      true,
	"*errorutil.PoolTimeout":            true, // no connection free within ConnectionAcquisitionTimeout
	"*errorutil.PoolFull":               true,
	"*errorutil.PoolClosed":             true, // the driver is closing
	"*errorutil.PoolOutOfServers":       true, // the routing table lists no server
	"*errorutil.ReadRoutingTableError":  true,
	"*errorutil.TlsError":               true,
	"*errorutil.ConnectionReadTimeout":  true,
	"*errorutil.ConnectionWriteTimeout": true,
	"*errorutil.CommitFailedDeadError":  true,
	// A routing table refresh (neo4j://) that another call started did not
	// finish within the acquisition timeout: seen at a load average of 30,
	// where it surfaced as INTERNAL.
	"racing.LockTimeoutError": true,
}

// unreachable reports whether err says Neo4j could not be reached (refused,
// reset, timed out, no pooled connection, no routing table, a closed
// driver), as opposed to Neo4j answering with an error.
func unreachable(err error) bool {
	for e := range chain(err) {
		if errors.Is(e, context.Canceled) || errors.Is(e, context.DeadlineExceeded) {
			continue // the caller's own deadline, not the store's absence
		}
		if driverConnectivity[fmt.Sprintf("%T", e)] {
			return true
		}
		var ne net.Error
		if errors.As(e, &ne) {
			return true
		}
		if errors.Is(e, io.EOF) || errors.Is(e, io.ErrUnexpectedEOF) || errors.Is(e, net.ErrClosed) ||
			errors.Is(e, syscall.ECONNREFUSED) || errors.Is(e, syscall.ECONNRESET) || errors.Is(e, syscall.EPIPE) {
			return true
		}
		var ue *neo4j.UsageError
		if errors.As(e, &ue) && (ue.Message == "Pool closed" || ue.Message == "Trying to create session on closed driver") {
			return true
		}
	}
	return false
}

// chain yields err and every error it holds: the driver's error types keep
// their cause in fields (Inner, Err, Errors) instead of Unwrap.
func chain(err error) iter.Seq[error] {
	return func(yield func(error) bool) {
		var walk func(error, int) bool
		walk = func(e error, depth int) bool {
			if e == nil || depth > 16 {
				return true
			}
			if !yield(e) {
				return false
			}
			var next []error
			switch x := e.(type) {
			case *neo4j.ConnectivityError:
				next = append(next, x.Inner)
			case *neo4j.TransactionExecutionLimit:
				next = append(next, x.Errors...)
			case interface{ Unwrap() []error }:
				next = append(next, x.Unwrap()...)
			case interface{ Unwrap() error }:
				next = append(next, x.Unwrap())
			}
			for _, n := range next {
				if !walk(n, depth+1) {
					return false
				}
			}
			return true
		}
		walk(err, 0)
	}
}

// IsAuth reports whether Neo4j refused the credentials: retrying cannot fix
// them, so whoever connects fails at once.
func IsAuth(err error) bool {
	var n4j *neo4j.Neo4jError
	if errors.As(err, &n4j) {
		return n4j.Code == "Neo.ClientError.Security.Unauthorized" ||
			n4j.Code == "Neo.ClientError.Security.AuthenticationRateLimit"
	}
	return false
}
