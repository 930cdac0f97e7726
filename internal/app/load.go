package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/assets"
	"github.com/iograph/iograph/loaders/crowdtangle"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/metacib"
	"github.com/iograph/iograph/loaders/shares"
	"github.com/iograph/iograph/loaders/twitterio"
)

// loadFormats maps a format's name to its loader. Only shares takes
// options of its own: its files' account ids say nothing of their platform
// or whether they are real.
var loadFormats = map[string]func(LoadRequest) loaders.Func{
	twitterio.Kind:   func(LoadRequest) loaders.Func { return twitterio.Load },
	crowdtangle.Kind: func(LoadRequest) loaders.Func { return crowdtangle.Load },
	assets.Kind:      func(LoadRequest) loaders.Func { return assets.Load },
	metacib.Format:   func(LoadRequest) loaders.Func { return metacib.Load },
	shares.Kind:      func(r LoadRequest) loaders.Func { return shares.Loader(r.Shares) },
}

// LoadFormats names the formats Load reads, sorted, for usage messages.
func LoadFormats() []string {
	names := make([]string, 0, len(loadFormats))
	for n := range loadFormats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Bounds of a load's options. Below an indexed value's limit every long key
// would be a field too large rather than a value too large, and above
// MaxFieldBytes 32 fields of a row would take gigabytes.
const (
	MinFieldBytes = loaders.MaxIndexedBytes + 1
	MaxFieldBytes = 64 << 20
	MaxBatchSize  = 100_000
	MaxWorkers    = 64
)

// LoadRequest is one load: files of one format into the graph.
type LoadRequest struct {
	Format  string
	Files   []string
	Dataset string // "" takes each file's dataset from its name
	Rejects string // the CSV every rejected row is written to; "" keeps only the first few
	// Options tune the writing; their zero values are the loaders' defaults.
	// Options.Progress, when set, runs while the files load and is told the
	// phases after them; Load stops it before it returns.
	Options loaders.Options
	Shares  shares.Config // the shares format's account ids
}

// Check refuses a request Load would refuse, without touching Neo4j, so a
// mistyped format or file name is reported before connecting.
func (r LoadRequest) Check() error {
	o := r.Options
	switch {
	case loadFormats[r.Format] == nil:
		return apperr.New(apperr.BadInput, "unknown load format %q (formats: %s)", r.Format, strings.Join(LoadFormats(), ", "))
	case len(r.Files) == 0:
		return apperr.New(apperr.BadInput, "load %s: name at least one file", r.Format)
	case o.BatchSize < 0 || o.BatchSize > MaxBatchSize || o.Workers < 0 || o.Workers > MaxWorkers:
		return apperr.New(apperr.BadInput, "load: batch size must be 1..%d and workers 1..%d", MaxBatchSize, MaxWorkers)
	case o.MaxFieldBytes != 0 && (o.MaxFieldBytes < MinFieldBytes || o.MaxFieldBytes > MaxFieldBytes):
		return apperr.New(apperr.BadInput, "load: the field cap must be %d..%d bytes", MinFieldBytes, MaxFieldBytes)
	}
	for _, f := range r.Files {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("load %s: %w", r.Format, err)
		}
	}
	return nil
}

// LoadReport is what a load came to, also when it failed part way: what
// each file committed stays, and the report says so.
type LoadReport struct {
	*loaders.Summary // never nil
	Rejects          *loaders.Rejects
	Rows, Accepted   int64 // over all files
	Took             time.Duration
}

// FileState is how one file's load ended.
type FileState int

const (
	FileLoaded  FileState = iota
	FileFailed            // marked failed on its Load node; the same request resumes after its committed batches
	FileSkipped           // an earlier load of the same bytes completed
	FileResumed           // an earlier attempt's committed batches were skipped
)

// StateOf says how f's load ended; a failure outranks a resume, so a load
// that stopped half way never reads as loaded.
func StateOf(f *loaders.FileLoad) FileState {
	switch {
	case f.Err != nil:
		return FileFailed
	case f.Skipped:
		return FileSkipped
	case f.Resumed > 0:
		return FileResumed
	}
	return FileLoaded
}

// Load is `iograph load`: the schema first, then the format's loader, the
// links across platforms, and the share index of every dataset the files
// named. It returns a report whenever the files were started on, with the
// error that stopped the load, so the caller can say what was committed.
// It takes the database rather than an App: the loaders write through the
// foundation as the store does, and a load needs no API schema or executor.
func Load(ctx context.Context, db *graphdb.DB, req LoadRequest) (*LoadReport, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	st := store.New(db)
	if _, err := st.Migrate(ctx); err != nil {
		return nil, err
	}
	rej, err := loaders.NewRejects(req.Rejects)
	if err != nil {
		return nil, err
	}
	opts := req.Options
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	stopProgress := func() {}
	if p := opts.Progress; p != nil {
		pctx, cancel := context.WithCancel(ctx)
		go p.Run(pctx)
		stopProgress = func() { cancel(); p.Stop() }
	}
	start := time.Now()
	sum, err := loadFormats[req.Format](req)(ctx, db, req.Files, req.Dataset, opts, rej)
	if err == nil {
		opts.Progress.Phase("linking assets across platforms")
		err = links.AfterLoad(ctx, db, sum)
	}
	if err == nil {
		opts.Progress.Phase("building share indexes")
		err = refreshShareIndexes(ctx, st, sum, opts.Workers, opts.Log)
	}
	stopProgress()
	if cerr := rej.Close(); cerr != nil && err == nil {
		err = cerr
	}
	rep := &LoadReport{Summary: sum, Rejects: rej, Took: time.Since(start)}
	if rep.Summary == nil {
		rep.Summary = &loaders.Summary{}
	}
	for _, f := range rep.Files {
		rep.Rows += f.Rows.Load()
		rep.Accepted += f.Accepted.Load()
	}
	return rep, err
}

// refreshShareIndexes brings the share index of every dataset the load
// named up to date, also when all its files were skipped: a load killed
// while indexing leaves a stale index, and running the load again ends what
// it started.
func refreshShareIndexes(ctx context.Context, st *store.Store, sum *loaders.Summary, workers int, log *slog.Logger) error {
	if sum == nil {
		return nil
	}
	var done []string
	var datasets int
	var took time.Duration
	shares := map[string]int{}
	for _, f := range sum.Files {
		if slices.Contains(done, f.Dataset) {
			continue
		}
		done = append(done, f.Dataset)
		built, err := st.RefreshShareIndex(ctx, f.Dataset, workers)
		if err != nil {
			return fmt.Errorf("load: %w", err)
		}
		if len(built) > 0 {
			datasets++
		}
		for _, b := range built {
			took += b.Took
			if b.Shares > 0 {
				shares[strings.ToLower(string(b.Signal))] += b.Shares
			}
		}
	}
	// One line for the whole load, naming only the signals that have
	// shares: a demo start loads dozens of files, one dataset each, and a
	// line per dataset (most with no shares) was noise.
	if datasets > 0 {
		var signals []string
		for sig, n := range shares {
			signals = append(signals, fmt.Sprintf("%s:%d", sig, n))
		}
		slices.Sort(signals)
		log.Info("share indexes built", "datasets", datasets, "shares", strings.Join(signals, " "), "took", took.Round(time.Millisecond))
	}
	return nil
}
