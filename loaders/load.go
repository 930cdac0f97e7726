package loaders

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/sync/errgroup"

	"github.com/iograph/iograph/internal/graphdb"
)

var (
	//go:embed load_begin.cypher
	loadBeginCypher string
	//go:embed load_batch_done.cypher
	loadBatchDoneCypher string
	//go:embed load_finish.cypher
	loadFinishCypher string
	//go:embed load_fail.cypher
	loadFailCypher string
)

// Step is one parameterised statement of a batch.
type Step struct {
	Query  string
	Params map[string]any
	// Result, when set, receives the statement's records before the next
	// step runs, so later steps, of this transaction or of the batch's later
	// stages, can use what this one returned (the element ids of the nodes it
	// wrote, say, which find a node without an index seek). It runs again on
	// every attempt of its stage.
	Result func(records []*neo4j.Record) error
	// Bind, when set, makes the step's parameters just before each attempt
	// runs it, from what earlier steps' Results returned (so a statement can
	// find nodes by element id rather than by an index seek); it replaces
	// Params. Nil parameters skip the step: it has nothing to do.
	Bind func() (map[string]any, error)
}

// Batch is a fixed number of input rows turned into statements that run in
// one write transaction, together with the batch's resume marker.
//
// A batch may also carry Prepare and Own statements, each stage in a
// transaction of its own, one batch at a time and in batch order: a batch's
// Prepare commits before its Own, and its Own before its Steps start; the
// Prepare of the next batch runs meanwhile, so the stages overlap. Formats
// put in Prepare the writes that set properties of shared nodes (a node's
// properties, the first time a file names it), and in Own the batch's own
// rows as nodes (tweets). A property write locks its
// node until commit, so in the concurrent Steps it would make every other
// batch that links to the node wait; and since the Own stages commit in batch
// order, whatever a batch's Steps link to (a seed tweet, a retweeted tweet
// that is a row of an earlier batch) has committed before they start. Steps
// then only create relationships to committed nodes, which concurrent
// transactions do without waiting for each other. Prepare and Own must be
// idempotent: a batch whose Steps did not commit runs them again on resume.
//
// Keys name what a batch's Steps own (the tweets whose relationships they
// create, say): two batches that share a key never run their Steps at the
// same time, so a check-then-create in one cannot race with the other's.
type Batch struct {
	Index   int // position in the file's sequence of batches; deterministic for the same bytes
	Rows    int // input rows the batch covers
	Prepare []Step
	Own     []Step
	Steps   []Step
	Keys    []string
}

// Options tune a load; the zero value is usable.
type Options struct {
	BatchSize int  // accepted rows per transaction (default 2000)
	Workers   int  // concurrent write transactions (default 2)
	Force     bool // re-load files whose earlier load completed
	Synthetic bool // the dataset is generated, not real
	// MaxFieldBytes caps a CSV field (default DefaultMaxFieldBytes); a row
	// may hold 32 such fields (see Limit).
	MaxFieldBytes int
	Log           *slog.Logger
	Progress      *Progress
	// AfterBatch, when set, is called after each committed batch; tests use it
	// to kill a load at a chosen moment.
	AfterBatch func(index int)
}

func (o *Options) defaults() {
	if o.BatchSize <= 0 {
		o.BatchSize = 2000
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// Target is where loads write: the graphdb handle the store uses too, so a
// load reaches Neo4j the one way (its sessions, its retry policy).
type Target = *graphdb.DB

// FileLoad tracks one entry's load: its id, the batches already committed by
// an earlier attempt, and the counters the summary and the Load node report.
type FileLoad struct {
	ID       string
	Kind     string
	Dataset  string
	Entry    Entry
	Skipped  bool  // completed earlier and not forced
	Err      error // why the load failed, as recorded on its Load node
	done     map[int]bool
	Rows     atomic.Int64
	Accepted atomic.Int64
	Rejected atomic.Int64
	Blank    atomic.Int64 // rows with no value, skipped (see Out.Blank)
	Batches  atomic.Int64
	Resumed  int // batches skipped because an earlier attempt committed them
}

// LoadID is stable for the same format, dataset and bytes.
func LoadID(kind, dataset string, e Entry) string {
	h := sha256.Sum256([]byte(kind + "\x00" + dataset + "\x00" + e.SHA256 + "\x00" + e.Name))
	return hex.EncodeToString(h[:8])
}

// Begin records the start of an entry's load and learns what an earlier
// attempt already committed.
func Begin(ctx context.Context, t Target, kind, dataset string, e Entry, opts Options) (*FileLoad, error) {
	fl := &FileLoad{ID: LoadID(kind, dataset, e), Kind: kind, Dataset: dataset, Entry: e, done: map[int]bool{}}
	res, err := t.Query(ctx, loadBeginCypher, map[string]any{
		"id": fl.ID, "kind": kind, "dataset": dataset, "file": e.Path, "entry": e.Name,
		"sha256": e.SHA256, "force": opts.Force, "synthetic": opts.Synthetic,
	}, neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return nil, fmt.Errorf("load %s: begin: %w", e.Label(), err)
	}
	rec := res.Records[0]
	status, _, _ := neo4j.GetRecordValue[string](rec, "status")
	done, _, _ := neo4j.GetRecordValue[[]any](rec, "done")
	fl.Skipped = status == "complete"
	for _, d := range done {
		if i, ok := d.(int64); ok {
			fl.done[int(i)] = true
		}
	}
	return fl, nil
}

// Finish marks the entry's load complete with its counts.
func (fl *FileLoad) Finish(ctx context.Context, t Target) error {
	_, err := t.Query(ctx, loadFinishCypher, fl.counts(),
		neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return fmt.Errorf("load %s: finish: %w", fl.Entry.Label(), err)
	}
	return nil
}

// maxErrorBytes bounds the reason a Load node keeps.
const maxErrorBytes = 2000

// failTimeout bounds recording a failure, which also runs after the load's
// context was cancelled.
const failTimeout = 30 * time.Second

// Fail marks the entry's load failed with cause and its counts, so that no
// load that ended is left "running". It records even when ctx was
// cancelled (an interrupted load is a failed one); when Neo4j cannot be
// reached it logs, and cause stays the error the caller returns.
func (fl *FileLoad) Fail(ctx context.Context, t Target, log *slog.Logger, cause error) {
	fl.Err = cause
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), failTimeout)
	defer cancel()
	msg := cause.Error()
	if len(msg) > maxErrorBytes {
		msg = strings.ToValidUTF8(msg[:maxErrorBytes], "") + "…"
	}
	p := fl.counts()
	p["error"] = msg
	if _, err := t.Query(ctx, loadFailCypher, p,
		neo4j.ExecuteQueryWithWritersRouting()); err != nil {
		log.Error("could not mark the load failed", "file", fl.Entry.Label(), "load", fl.ID, "err", err)
	}
}

func (fl *FileLoad) counts() map[string]any {
	return map[string]any{"id": fl.ID, "rows": fl.Rows.Load(), "accepted": fl.Accepted.Load(),
		"rejected": fl.Rejected.Load(), "blank": fl.Blank.Load(), "batches": fl.Batches.Load()}
}

// Writer runs batches from a bounded pool of workers, each batch in its own
// write transaction with its resume marker.
//
// Transient failures are retried. A deadlock between workers is the common
// one: two transactions that each add many relationships to the same node
// (a hashtag, an author, the dataset) both try to turn it into a dense node
// and each waits for the other. Retrying both side by side tends to collide
// again, so the batch that lost is retried alone: the gate lets batches run
// together under its read lock and a retried batch under its write lock,
// which waits for the batches in flight and holds new ones back.
//
// Batches go first through one preparing goroutine, which commits each
// batch's Prepare statements in batch order, then through one goroutine
// that commits their Own statements in batch order and waits until no
// batch in flight shares a key with it, then to the workers.
type Writer struct {
	t    Target
	fl   *FileLoad
	opts Options
	prep chan Batch // to the preparing goroutine
	own  chan Batch // to the goroutine of the Own stage
	ch   chan Batch // to the workers
	g    *errgroup.Group
	ctx  context.Context
	once sync.Once
	gate sync.RWMutex

	keysMu   sync.Mutex
	keysCond *sync.Cond
	inFlight map[string]int // keys of batches prepared and not yet committed
}

// maxRetryTime bounds how long one batch is retried after transient
// failures before the load gives up.
const maxRetryTime = 2 * time.Minute

// NewWriter starts opts.Workers writers for fl.
func NewWriter(ctx context.Context, t Target, fl *FileLoad, opts Options) *Writer {
	opts.defaults()
	g, gctx := errgroup.WithContext(ctx)
	w := &Writer{t: t, fl: fl, opts: opts, prep: make(chan Batch, 1), own: make(chan Batch, 1), ch: make(chan Batch, opts.Workers), g: g, ctx: gctx,
		inFlight: map[string]int{}}
	w.keysCond = sync.NewCond(&w.keysMu)
	context.AfterFunc(gctx, func() {
		w.keysMu.Lock()
		w.keysCond.Broadcast()
		w.keysMu.Unlock()
	})
	g.Go(w.prepare)
	g.Go(w.ownStage)
	for range opts.Workers {
		g.Go(w.work)
	}
	return w
}

// Send queues a batch, skipping it when an earlier attempt committed it. It
// blocks while all workers are busy (back-pressure keeps memory flat) and
// fails once a worker has failed or ctx is done.
func (w *Writer) Send(b Batch) error {
	if w.fl.done[b.Index] {
		w.fl.Resumed++
		w.fl.Batches.Add(1)
		return nil
	}
	select {
	case w.prep <- b:
		return nil
	case <-w.ctx.Done():
		return w.wait()
	}
}

// Close waits for queued batches and returns the first error.
func (w *Writer) Close() error {
	w.once.Do(func() { close(w.prep) })
	return w.wait()
}

func (w *Writer) wait() error {
	w.once.Do(func() { close(w.prep) })
	err := w.g.Wait()
	if err == nil {
		err = w.ctx.Err()
		if errors.Is(err, context.Canceled) {
			err = nil // the group's context ends when Wait returns
		}
	}
	return err
}

// prepare commits each batch's Prepare statements in batch order and hands
// the batch on to the Own stage. It closes that stage's channel when it
// ends, so the stages after it end too.
func (w *Writer) prepare() error {
	defer close(w.own)
	return w.stage(w.prep, "prepare", func(b Batch) []Step { return b.Prepare }, func(b Batch) error {
		select {
		case w.own <- b:
			return nil
		case <-w.ctx.Done():
			return w.ctx.Err()
		}
	})
}

// ownStage commits each batch's Own statements in batch order, then hands
// the batch to the workers once no batch in flight shares a key with it.
func (w *Writer) ownStage() error {
	defer close(w.ch)
	return w.stage(w.own, "own", func(b Batch) []Step { return b.Own }, func(b Batch) error {
		if err := w.acquire(b.Keys); err != nil {
			return err
		}
		select {
		case w.ch <- b:
			return nil
		case <-w.ctx.Done():
			w.release(b.Keys)
			return w.ctx.Err()
		}
	})
}

// stage commits the statements steps picks of each batch from in, one
// batch at a time, then passes the batch on with next.
func (w *Writer) stage(in <-chan Batch, name string, steps func(Batch) []Step, next func(Batch) error) error {
	sess := w.t.Session(w.ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(context.Background())
	for b := range in {
		if s := steps(b); len(s) > 0 {
			start := time.Now()
			if err := w.write(sess, b, s, name); err != nil {
				return fmt.Errorf("load %s: batch %d (rows ending near %d): %s: %w", w.fl.Entry.Label(), b.Index, w.fl.Rows.Load(), name, err)
			}
			w.opts.Log.Debug("batch stage committed", "file", w.fl.Entry.Label(), "batch", b.Index, "stage", name, "took", time.Since(start))
		}
		if err := next(b); err != nil {
			return err
		}
	}
	return nil
}

// acquire waits until no batch in flight holds any of keys, then holds
// them.
func (w *Writer) acquire(keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	w.keysMu.Lock()
	defer w.keysMu.Unlock()
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		busy := false
		for _, k := range keys {
			if w.inFlight[k] > 0 {
				busy = true
				break
			}
		}
		if !busy {
			break
		}
		w.opts.Log.Debug("batch waits for a batch in flight that shares a key")
		w.keysCond.Wait()
	}
	for _, k := range keys {
		w.inFlight[k]++
	}
	return nil
}

func (w *Writer) release(keys []string) {
	if len(keys) == 0 {
		return
	}
	w.keysMu.Lock()
	for _, k := range keys {
		if w.inFlight[k]--; w.inFlight[k] <= 0 {
			delete(w.inFlight, k)
		}
	}
	w.keysCond.Broadcast()
	w.keysMu.Unlock()
}

func (w *Writer) work() error {
	sess := w.t.Session(w.ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(context.Background())
	for b := range w.ch {
		start := time.Now()
		err := w.write(sess, b, b.Steps, stepsStage)
		w.release(b.Keys)
		if err != nil {
			return fmt.Errorf("load %s: batch %d (rows ending near %d): %w", w.fl.Entry.Label(), b.Index, w.fl.Rows.Load(), err)
		}
		w.fl.Batches.Add(1)
		w.opts.Log.Debug("batch committed", "file", w.fl.Entry.Label(), "batch", b.Index, "rows", b.Rows, "took", time.Since(start))
		if w.opts.AfterBatch != nil {
			w.opts.AfterBatch(b.Index)
		}
	}
	return nil
}

// write commits b under graphdb's retry policy: a deadlock is retried at
// once with b alone (attempt takes the writers' gate exclusively), other
// transient failures after a growing pause.
func (w *Writer) write(sess neo4j.SessionWithContext, b Batch, steps []Step, stage string) error {
	return graphdb.Retry(w.ctx, maxRetryTime, func(attempt int, deadlock bool, pause time.Duration, err error) {
		if deadlock {
			w.opts.Log.Debug("batch deadlocked; retrying it alone", "batch", b.Index, "attempt", attempt)
			return
		}
		w.opts.Log.Debug("batch failed; retrying", "batch", b.Index, "attempt", attempt, "after", pause, "err", err)
	}, func(alone bool) error { return w.attempt(sess, b, steps, stage, alone) })
}

// stepsStage names the last stage of a batch, whose transaction also
// writes the batch's resume marker.
const stepsStage = "steps"

// attempt runs steps of b's stage in one transaction, with b's resume
// marker in the last stage.
func (w *Writer) attempt(sess neo4j.SessionWithContext, b Batch, steps []Step, stage string, alone bool) (err error) {
	if alone {
		w.gate.Lock()
		defer w.gate.Unlock()
	} else {
		w.gate.RLock()
		defer w.gate.RUnlock()
	}
	tx, err := sess.BeginTransaction(w.ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback(context.Background())
		}
	}()
	run := func(i int, s Step) error {
		t0 := time.Now()
		params := s.Params
		if s.Bind != nil {
			var err error
			if params, err = s.Bind(); err != nil || params == nil {
				return err
			}
		}
		res, err := tx.Run(w.ctx, s.Query, params)
		if err == nil && s.Result != nil {
			var recs []*neo4j.Record
			if recs, err = res.Collect(w.ctx); err == nil {
				err = s.Result(recs)
			}
		} else if err == nil {
			_, err = res.Consume(w.ctx)
		}
		if err != nil {
			w.opts.Log.Debug("step failed", "batch", b.Index, "step", i, "query", firstLine(s.Query), "took", time.Since(t0), "err", err)
			return err
		}
		w.opts.Log.Debug("step", "batch", b.Index, "stage", stage, "step", i, "query", firstLine(s.Query), "took", time.Since(t0))
		return nil
	}
	for i, s := range steps {
		if err := run(i, s); err != nil {
			return err
		}
	}
	if stage == stepsStage {
		if err := run(len(steps), Step{Query: loadBatchDoneCypher, Params: map[string]any{"load": w.fl.ID, "batch": b.Index}}); err != nil {
			return err
		}
	}
	t0 := time.Now()
	if err := tx.Commit(w.ctx); err != nil {
		return err
	}
	w.opts.Log.Debug("commit", "batch", b.Index, "stage", stage, "took", time.Since(t0))
	return nil
}

// firstLine names a statement in debug logs by its leading comment.
func firstLine(q string) string {
	if i := strings.IndexByte(q, '\n'); i >= 0 {
		return q[:i]
	}
	return q
}

// EmitStaged sends one batch covering rows accepted rows, with its
// Prepare and Own stages and the keys its steps own (see Batch).
func (o *Out) EmitStaged(rows int, prepare, own, steps []Step, keys []string) error {
	if rows == 0 && len(prepare) == 0 && len(own) == 0 && len(steps) == 0 {
		return nil
	}
	o.fl.Accepted.Add(int64(rows))
	b := Batch{Index: o.next, Rows: rows, Prepare: prepare, Own: own, Steps: steps, Keys: keys}
	o.next++
	return o.w.Send(b)
}
