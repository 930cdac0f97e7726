package graphdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/gate"
)

func TestClassify(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tc := range []struct {
		name        string
		err         error
		want        apperr.Kind
		unreachable bool
	}{
		{"connection refused", &neo4j.ConnectivityError{Inner: refused}, apperr.Unavailable, true},
		{"connection lost", &neo4j.ConnectivityError{Inner: io.EOF}, apperr.Unavailable, true},
		{"retries ran out on a refused connection", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{refused, refused}}, apperr.Unavailable, true},
		{"retries ran out on a bare EOF", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{io.EOF}}, apperr.Unavailable, true},
		{"retries ran out on a deadlock", &neo4j.TransactionExecutionLimit{Cause: "timeout",
			Errors: []error{&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}}}, apperr.Unavailable, false},
		{"a closed driver", &neo4j.UsageError{Message: "Trying to create session on closed driver"}, apperr.Unavailable, true},
		{"a closed pool", fmt.Errorf("begin: %w", &neo4j.UsageError{Message: "Pool closed"}), apperr.Unavailable, true},
		{"a bare net error", fmt.Errorf("x: %w", refused), apperr.Unavailable, true},
		{"a transient error", &neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, apperr.Unavailable, false},
		{"the query timeout", &neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}, apperr.LimitExceeded, false},
		{"cancelled", context.Canceled, apperr.Unavailable, false},
		{"cancelled while retrying", &neo4j.TransactionExecutionLimit{Cause: "ctx", Errors: []error{context.Canceled}}, apperr.Unavailable, false},
		{"a Cypher error is ours", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, apperr.Internal, false},
		{"another usage error is ours", &neo4j.UsageError{Message: "Session already has a pending transaction"}, apperr.Internal, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := gate.WithRequest(context.Background(), 4)
			err := Classify(ctx, "op", tc.err)
			if got := apperr.KindOf(err); got != tc.want {
				t.Fatalf("kind %s, want %s (%v)", got, tc.want, err)
			}
			if !errors.Is(err, tc.err) {
				t.Fatalf("the cause is lost: %v", err)
			}
			_, enterErr := gate.Enter(ctx)
			if (enterErr != nil) != tc.unreachable {
				t.Fatalf("the request's later calls fail: %v, want %v", enterErr, tc.unreachable)
			}
		})
	}
}
