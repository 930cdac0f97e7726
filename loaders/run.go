package loaders

import (
	"context"
	"fmt"
	"io"
)

// Out is what a format's parser writes to: accepted rows in batches,
// rejected rows to the report, and counts for progress.
type Out struct {
	ctx       context.Context
	fl        *FileLoad
	w         *Writer
	rej       *Rejects
	progress  *Progress
	BatchSize int
	next      int
	emit      func(Batch) error // instead of w (NewOut)
}

// NewOut is an Out whose batches go to emit instead of a load's writer:
// the bulk import runs a format's own parser on it and converts the
// statements of each batch into the facts they would write, so a row is
// read, accepted or rejected exactly as a load does.
func NewOut(ctx context.Context, fl *FileLoad, rej *Rejects, progress *Progress, batchSize int, emit func(Batch) error) *Out {
	return &Out{ctx: ctx, fl: fl, rej: rej, progress: progress, BatchSize: batchSize, emit: emit}
}

// Context is the load's context; parsers check it between rows.
func (o *Out) Context() context.Context { return o.ctx }

// LoadID is the id recorded on everything this load asserts.
func (o *Out) LoadID() string { return o.fl.ID }

// Dataset is the dataset the entry is loaded into.
func (o *Out) Dataset() string { return o.fl.Dataset }

// Row counts one input row (accepted or not).
func (o *Out) Row() {
	o.fl.Rows.Add(1)
	o.progress.AddRows(1)
}

// Blank counts n rows that hold no record and are no error (a disclosure's
// separator rows, ",,,"): read, skipped, and reported as blank, so that
// rows = accepted + rejected + blank.
func (o *Out) Blank(n int) {
	o.fl.Blank.Add(int64(n))
}

// Reject records a row that is not loaded.
func (o *Out) Reject(r *Reject) error {
	o.fl.Rejected.Add(1)
	return o.rej.Add(*r)
}

// Emit sends one batch covering rows accepted rows.
func (o *Out) Emit(rows int, steps []Step) error {
	if rows == 0 && len(steps) == 0 {
		return nil
	}
	o.fl.Accepted.Add(int64(rows))
	b := Batch{Index: o.next, Rows: rows, Steps: steps}
	o.next++
	if o.emit != nil {
		return o.emit(b)
	}
	return o.w.Send(b)
}

// Opener checks a stream's header and returns the parser for its rows. It
// must not write anything: a refused header leaves no trace in the graph.
type Opener func(r io.Reader, label string) (func(*Out) error, error)

// RunEntry loads one entry end to end: header check, the load record
// (skipping a completed load unless forced), parse and write, and the final
// counts. A load that fails (a read error, a truncated .gz, a batch Neo4j
// refuses, a cancelled context) is marked failed with its reason; its
// committed batches stay marked, and the next run of the same bytes resumes
// after them (and fails again where a damaged file is damaged).
func RunEntry(ctx context.Context, t Target, kind, dataset string, e Entry, opts Options, rej *Rejects, open Opener) (*FileLoad, error) {
	opts.defaults()
	if len(dataset) > MaxIndexedBytes {
		return nil, fmt.Errorf("load %s: %s: the dataset name has %d bytes; Neo4j indexes at most %d", e.Label(), CodeTooLarge, len(dataset), MaxIndexedBytes)
	}
	pos := &Counter{}
	rc, err := e.Open(pos)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", e.Label(), err)
	}
	defer rc.Close()
	parse, err := open(Limit(rc, opts.MaxFieldBytes), e.Label())
	if err != nil {
		return nil, err
	}
	fl, err := Begin(ctx, t, kind, dataset, e, opts)
	if err != nil {
		return nil, err
	}
	if fl.Skipped {
		// Debug: the summary says it once for every skipped file of the load.
		opts.Log.Debug("already loaded; skipping (use --force to load again)", "file", e.Label(), "load", fl.ID)
		return fl, nil
	}
	if len(fl.done) > 0 {
		opts.Log.Info("resuming an interrupted load", "file", e.Label(), "load", fl.ID, "committed_batches", len(fl.done))
	}
	opts.Progress.Track(e.Label(), e.Size, pos)
	w := NewWriter(ctx, t, fl, opts)
	out := &Out{ctx: ctx, fl: fl, w: w, rej: rej, progress: opts.Progress, BatchSize: opts.BatchSize}
	err = parse(out)
	if werr := w.Close(); err == nil {
		err = werr
	}
	if err == nil && ctx.Err() != nil {
		err = fmt.Errorf("load %s: %w", e.Label(), ctx.Err())
	}
	if err == nil {
		err = fl.Finish(ctx, t)
	}
	if err != nil {
		fl.Fail(ctx, t, opts.Log, err)
	}
	return fl, err
}

// ReadRows is the common row loop: it reads c to the end, passing malformed
// rows to out.Reject and good ones to row, which returns a Reject for rows
// that parse but are invalid, or an error that stops the load.
func ReadRows(out *Out, c *CSV, row func() (*Reject, error)) error {
	return ScanRows(out.ctx, c, out.Row, row, out.Reject)
}

// ScanRows is ReadRows for a reader that writes elsewhere than a load (the
// bulk import's converter): counted is called for every row read, reject
// for every row not accepted, with the same rejects as a load reports.
func ScanRows(ctx context.Context, c *CSV, counted func(), row func() (*Reject, error), reject func(*Reject) error) error {
	for i := 0; ; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rej, err := c.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		counted()
		if rej == nil {
			if rej, err = row(); err != nil {
				return err
			}
		}
		if rej != nil {
			if err := reject(rej); err != nil {
				return err
			}
		}
	}
}

// Summary reports a load command's outcome.
type Summary struct {
	Files   []*FileLoad
	Derived map[string]int // accounts whose aggregates were recomputed, per dataset
	Linked  map[string]int // same-handle links of each changed dataset's accounts
	// Resolved counts, per dataset resolved, the links of handle-only
	// accounts to the accounts that held their handles (SAME_AS).
	Resolved map[string]int
}

// Func is the signature every format's Load has, so the command line can
// dispatch on the format name.
type Func func(ctx context.Context, t Target, paths []string, dataset string, opts Options, rej *Rejects) (*Summary, error)

// LoadFiles runs RunEntry over every CSV stream of every path, in order,
// stopping at the first error. dataset names each entry's dataset; open
// returns the entry's opener for that dataset (formats whose ids are scoped
// by the dataset need it; others ignore it).
func LoadFiles(ctx context.Context, t Target, kind string, paths []string, dataset func(path string, e Entry) string,
	opts Options, rej *Rejects, open func(dataset string) Opener) (*Summary, error) {
	sum := &Summary{}
	for _, p := range paths {
		entries, err := Entries(p)
		if err != nil {
			return sum, fmt.Errorf("load %s: %w", p, err)
		}
		for _, e := range entries {
			ds := dataset(p, e)
			fl, err := RunEntry(ctx, t, kind, ds, e, opts, rej, open(ds))
			if fl != nil {
				sum.Files = append(sum.Files, fl)
			}
			if err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}
