package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/gate"
)

// Option configures Handler.
type Option func(*options)

type options struct {
	limits config.Limits
	access Access
}

// WithLimits sets the request and Neo4j concurrency limits (default
// config.DefaultLimits).
func WithLimits(l config.Limits) Option { return func(o *options) { o.limits = l } }

// WithAccess says how requests are identified and where they may come from
// (default: the zero Access, every request signs in).
func WithAccess(a Access) Option { return func(o *options) { o.access = a } }

func handlerOptions(opts []Option) options {
	o := options{limits: config.DefaultLimits()}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// bound gives every request the Neo4j concurrency bounds of package gate:
// the server's (shared by all requests of this handler) and one of its own.
func bound(l config.Limits, next http.Handler) http.Handler {
	srv := gate.NewServer(l.StoreConcurrency, l.StoreQueue, l.StoreQueueWait)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := gate.WithRequest(gate.WithServer(r.Context(), srv), l.RequestConcurrency)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// carryRequest gives a nested run's context (see isolate) what belongs to
// the outer request: its Neo4j bounds and its error tally.
func carryRequest(outer, ctx context.Context) context.Context {
	ctx = gate.Carry(outer, ctx)
	if t := tallyOf(outer); t != nil {
		ctx = withTally(ctx, t)
	}
	return ctx
}

// stopWhenCancelled resolves nothing more once the request's context is
// done (the client left, or the server is shutting down): each remaining
// resolver would otherwise still start its work only to fail.
type stopWhenCancelled struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.FieldInterceptor
} = stopWhenCancelled{}

func (stopWhenCancelled) ExtensionName() string                   { return "StopWhenCancelled" }
func (stopWhenCancelled) Validate(graphql.ExecutableSchema) error { return nil }
func (stopWhenCancelled) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.IsResolver && ctx.Err() != nil {
		return nil, apperr.Wrap(apperr.Unavailable, context.Cause(ctx), "the request was cancelled or timed out")
	}
	return next(ctx)
}

// errorTally counts the errors of one request that the server must hear
// about (INTERNAL, UNAVAILABLE, panics), so that the request logs one line
// with their number and the first of them, not one line per field: a
// thousand aliases failing alike would otherwise log a thousand lines.
type errorTally struct {
	mu     sync.Mutex
	kinds  map[apperr.Kind]int
	panics int
	first  string // the first error, with its path
}

type tallyKey struct{}

func withTally(ctx context.Context, t *errorTally) context.Context {
	return context.WithValue(ctx, tallyKey{}, t)
}

func tallyOf(ctx context.Context) *errorTally {
	t, _ := ctx.Value(tallyKey{}).(*errorTally)
	return t
}

// report records an error for the request's log line, or logs it at once
// outside an HTTP request (the command line runs documents too).
func report(ctx context.Context, log *slog.Logger, kind apperr.Kind, path string, err error, panicked bool) {
	t := tallyOf(ctx)
	if t == nil {
		msg := "resolver error"
		if panicked {
			msg = "panic in resolver"
		}
		log.ErrorContext(ctx, msg, "kind", kind, "path", path, "err", err)
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.kinds == nil {
		t.kinds = map[apperr.Kind]int{}
	}
	t.kinds[kind]++
	if panicked {
		t.panics++
	}
	if t.first == "" {
		t.first = fmt.Sprintf("%s: %v", path, err)
		if panicked {
			t.first = "panic at " + t.first
		}
	}
}

// summary is the level and attributes the request's log line gets: ERROR
// with internal errors or panics, WARN with only UNAVAILABLE ones.
func (t *errorTally) summary() (slog.Level, []any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, c := range t.kinds {
		n += c
	}
	if n == 0 {
		return slog.LevelInfo, nil
	}
	level := slog.LevelWarn
	if t.kinds[apperr.Internal] > 0 || t.panics > 0 {
		level = slog.LevelError
	}
	attrs := []any{"errors", n, "internal", t.kinds[apperr.Internal], "unavailable", t.kinds[apperr.Unavailable], "first_error", t.first}
	if t.panics > 0 {
		attrs = append(attrs, "panics", t.panics)
	}
	return level, attrs
}
