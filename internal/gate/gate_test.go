package gate

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/apperr"
)

func TestNoBoundsOutsideARequest(t *testing.T) {
	for range 100 {
		release, err := Enter(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer release()
	}
}

// A full server answers UNAVAILABLE: at once when its queue is full too,
// after the queue wait otherwise; a freed slot goes to a waiter.
func TestServerBound(t *testing.T) {
	s := NewServer(2, 1, 300*time.Millisecond)
	ctx := WithServer(context.Background(), s)
	r1, err1 := Enter(ctx)
	r2, err2 := Enter(ctx)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}

	// One waiter fits the queue; it times out after the wait.
	start := time.Now()
	waited := make(chan error, 1)
	go func() {
		_, err := Enter(ctx)
		waited <- err
	}()
	time.Sleep(50 * time.Millisecond)
	// The queue is full: refused at once.
	if _, err := Enter(ctx); apperr.KindOf(err) != apperr.Unavailable || time.Since(start) > 200*time.Millisecond {
		t.Fatalf("full queue: %v after %s", err, time.Since(start))
	}
	if err := <-waited; apperr.KindOf(err) != apperr.Unavailable {
		t.Fatalf("queued past the wait: %v", err)
	}
	if took := time.Since(start); took < 250*time.Millisecond || took > 2*time.Second {
		t.Fatalf("queued call refused after %s, want about 300ms", took)
	}

	// A freed slot goes to the next waiter.
	got := make(chan error, 1)
	go func() {
		release, err := Enter(ctx)
		if err == nil {
			release()
		}
		got <- err
	}()
	time.Sleep(50 * time.Millisecond)
	r1()
	r1() // releasing twice frees one slot
	if err := <-got; err != nil {
		t.Fatalf("waiter after a release: %v", err)
	}
	r2()
	for range 2 { // both slots are free again, not three
		if _, err := Enter(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Enter(ctx); err == nil {
		t.Fatal("a third slot appeared")
	}
}

// A request runs at most n calls at once; the rest wait for their turn
// without failing, however small the server's queue.
func TestRequestBound(t *testing.T) {
	s := NewServer(10, 0, 0)
	ctx := WithRequest(WithServer(context.Background(), s), 2)
	var running, most atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			release, err := Enter(ctx)
			if err != nil {
				errs <- err
				return
			}
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			time.Sleep(5 * time.Millisecond)
			running.Add(-1)
			release()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if most.Load() != 2 {
		t.Fatalf("at most %d calls ran at once, want 2", most.Load())
	}
}

func TestCancelledRequestsStopWaiting(t *testing.T) {
	ctx, cancel := context.WithCancel(WithRequest(context.Background(), 1))
	release, err := Enter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	done := make(chan error, 1)
	go func() {
		_, err := Enter(ctx)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if apperr.KindOf(err) != apperr.Unavailable || !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled wait: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a cancelled request kept waiting")
	}
	if _, err := Enter(ctx); apperr.KindOf(err) != apperr.Unavailable {
		t.Fatalf("Enter on a cancelled context: %v", err)
	}
}

func TestUnreachableFailsTheRestOfTheRequest(t *testing.T) {
	ctx := WithRequest(context.Background(), 4)
	down := apperr.New(apperr.Unavailable, "the graph store is unavailable")
	Unreachable(ctx, down)
	if _, err := Enter(ctx); !errors.Is(err, down) {
		t.Fatalf("after Unreachable: %v", err)
	}
	// Another request is not affected, nor a nested run's carried context
	// outside it.
	if _, err := Enter(WithRequest(context.Background(), 4)); err != nil {
		t.Fatal(err)
	}
	if _, err := Enter(Carry(ctx, context.Background())); !errors.Is(err, down) {
		t.Fatalf("carried context forgot: %v", err)
	}
}
