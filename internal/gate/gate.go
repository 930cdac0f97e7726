// Package gate bounds how much Neo4j work runs at once. gqlgen resolves the
// fields of one request concurrently, so one request of a thousand aliases
// would otherwise start a thousand transactions and starve every other
// client; and many requests together would otherwise queue inside the
// driver's pool for as long as its acquisition timeout.
//
// Two bounds apply to every store call made on behalf of an HTTP request:
// the request's own (a few calls at a time, the rest wait their turn inside
// the request) and the server's (a fixed number of calls at a time with a
// short queue; a call that finds the queue full, or waits in it too long, is
// refused as UNAVAILABLE at once rather than after the client gave up). Both
// travel in the context, so the store acquires them without knowing about
// HTTP, and work started outside a request (loads, the command line) is not
// bounded.
package gate

import (
	"context"
	"sync"
	"time"

	"github.com/iograph/iograph/internal/apperr"
)

// Server is the server-wide bound: at most cap(slots) store calls run at
// once, and at most cap(queue) more wait, each for at most wait.
type Server struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration
}

// NewServer returns a bound of running calls with a queue of queue waiters
// that each wait at most wait. running below 1 counts as 1.
func NewServer(running, queue int, wait time.Duration) *Server {
	return &Server{slots: make(chan struct{}, max(running, 1)), queue: make(chan struct{}, max(queue, 0)), wait: wait}
}

func (s *Server) acquire(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	default:
	}
	select {
	case s.queue <- struct{}{}:
	default:
		return apperr.New(apperr.Unavailable, "the server is busy (%d graph queries running, %d waiting); retry shortly", cap(s.slots), cap(s.queue))
	}
	defer func() { <-s.queue }()
	t := time.NewTimer(s.wait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-t.C:
		return apperr.New(apperr.Unavailable, "the server is busy (waited %s for one of %d graph query slots); retry shortly", s.wait, cap(s.slots))
	case <-ctx.Done():
		return cancelled(ctx)
	}
}

func (s *Server) release() { <-s.slots }

// request is one request's bound, and what the request has learned about
// the store: once a call found Neo4j unreachable, the request's other calls
// fail at once instead of each waiting for the driver to give up again.
type request struct {
	slots chan struct{}

	mu          sync.Mutex
	unreachable error
}

type serverKey struct{}
type requestKey struct{}

// WithServer makes store calls under ctx acquire one of s's slots.
func WithServer(ctx context.Context, s *Server) context.Context {
	return context.WithValue(ctx, serverKey{}, s)
}

// WithRequest gives ctx a bound of its own: at most n store calls under it
// run at once; the others wait (as long as ctx lives) for their turn. n
// below 1 counts as 1.
func WithRequest(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, requestKey{}, &request{slots: make(chan struct{}, max(n, 1))})
}

// Carry copies the bounds of from into to, for work that runs under a
// context of its own on behalf of from's request (a saved query's nested
// run).
func Carry(from, to context.Context) context.Context {
	if s, ok := from.Value(serverKey{}).(*Server); ok {
		to = context.WithValue(to, serverKey{}, s)
	}
	if r, ok := from.Value(requestKey{}).(*request); ok {
		to = context.WithValue(to, requestKey{}, r)
	}
	return to
}

// Enter waits for the bounds in ctx and returns the function that frees
// them. Its errors are UNAVAILABLE: the server is busy, the request was
// cancelled, or another call of the request found Neo4j unreachable.
func Enter(ctx context.Context) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, cancelled(ctx)
	}
	r, _ := ctx.Value(requestKey{}).(*request)
	s, _ := ctx.Value(serverKey{}).(*Server)
	if r != nil {
		if err := r.failed(); err != nil {
			return nil, err
		}
		select {
		case r.slots <- struct{}{}:
		case <-ctx.Done():
			return nil, cancelled(ctx)
		}
	}
	if s != nil {
		if err := s.acquire(ctx); err != nil {
			if r != nil {
				<-r.slots
			}
			return nil, err
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			if s != nil {
				s.release()
			}
			if r != nil {
				<-r.slots
			}
		})
	}, nil
}

// Unreachable records that Neo4j could not be reached for ctx's request:
// err (an UNAVAILABLE error) is what its later store calls return at once.
func Unreachable(ctx context.Context, err error) {
	if r, ok := ctx.Value(requestKey{}).(*request); ok {
		r.mu.Lock()
		if r.unreachable == nil {
			r.unreachable = err
		}
		r.mu.Unlock()
	}
}

func (r *request) failed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.unreachable
}

func cancelled(ctx context.Context) error {
	return apperr.Wrap(apperr.Unavailable, context.Cause(ctx), "the request was cancelled or timed out")
}
