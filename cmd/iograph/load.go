package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/assets"
	"github.com/iograph/iograph/loaders/crowdtangle"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/metacib"
	"github.com/iograph/iograph/loaders/shares"
	"github.com/iograph/iograph/loaders/twitterio"
)

// formats maps `iograph load FORMAT` to its loader. Each entry may add flags
// of its own and returns the loader configured by them once flags are parsed.
var formats = map[string]func(fs *flag.FlagSet) func() loaders.Func{
	twitterio.Kind: func(*flag.FlagSet) func() loaders.Func {
		return func() loaders.Func { return twitterio.Load }
	},
	crowdtangle.Kind: func(*flag.FlagSet) func() loaders.Func {
		return func() loaders.Func { return crowdtangle.Load }
	},
	assets.Kind: func(*flag.FlagSet) func() loaders.Func {
		return func() loaders.Func { return assets.Load }
	},
	metacib.Format: func(*flag.FlagSet) func() loaders.Func {
		return func() loaders.Func { return metacib.Load }
	},
	shares.Kind: func(fs *flag.FlagSet) func() loaders.Func {
		platform := fs.String("platform", string(model.PlatformTwitter), "platform of account ids without an fb_/tw_/ig_ prefix")
		global := fs.Bool("global-ids", false, "ids are real platform ids (default: anonymised ids, scoped by the dataset)")
		return func() loaders.Func {
			return shares.Loader(shares.Config{Platform: model.Platform(*platform), GlobalIDs: *global})
		}
	},
}

func formatNames() string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// errRejected makes the exit status non-zero when rows were rejected, after
// the load itself completed.
var errRejected = errors.New("rows were rejected")

// The bounds of --max-field-bytes: below an indexed value's limit every
// long key would be a field too large rather than a value too large, and
// above it 32 fields of a row would take gigabytes.
const (
	minFieldBytes = loaders.MaxIndexedBytes + 1
	maxFieldBytes = 64 << 20
)

func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("%w: load: name a format (%s) and files", errUsage, formatNames())
	}
	kind, args := args[0], args[1:]
	format, ok := formats[kind]
	if !ok {
		return fmt.Errorf("%w: load: unknown format %q (formats: %s)", errUsage, kind, formatNames())
	}
	fs := newFlagSet("load "+kind, stderr)
	configured := format(fs)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	dataset := fs.String("dataset", "", "dataset (release) name; default: taken from the file name")
	rejectsPath := fs.String("rejects", "", "write rejected rows to this CSV (file,line,column,reason,value)")
	allowRejects := fs.Bool("allow-rejects", false, "exit 0 even when rows were rejected")
	batchSize := fs.Int("batch-size", 2000, "rows per write transaction")
	workers := fs.Int("workers", 2, "concurrent write transactions")
	maxField := fs.Int("max-field-bytes", loaders.DefaultMaxFieldBytes, "reject a row with a field over this many bytes; a row over 32 times it stops the load")
	force := fs.Bool("force", false, "load files again even when an earlier load of the same bytes completed")
	synthetic := fs.Bool("synthetic", false, "mark the dataset as generated data")
	verbose := fs.Bool("v", false, "log every batch and statement with its duration")
	progressEvery := fs.Duration("progress-every", 10*time.Second, "interval of progress log lines when not on a terminal")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%w: load %s: name at least one file", errUsage, kind)
	}
	// a share index chunk of a 10 M-tweet release reads 50,000 posts
	longReads(fs, &n4j, 10*time.Minute)
	if *batchSize < 1 || *batchSize > 100_000 || *workers < 1 || *workers > 64 {
		return fmt.Errorf("%w: load: --batch-size must be 1..100000 and --workers 1..64", errUsage)
	}
	if *maxField < minFieldBytes || *maxField > maxFieldBytes {
		return fmt.Errorf("%w: load: --max-field-bytes must be %d..%d", errUsage, minFieldBytes, maxFieldBytes)
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("load %s: %w", kind, err)
		}
	}
	log := newLogger(stderr, "text")
	if *verbose {
		log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	// The loaders and the store share one connection pool.
	target, err := graphdb.Open(ctx, n4j, log)
	if err != nil {
		return err
	}
	st := store.New(target)
	defer st.Close(context.Background())
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	rej, err := loaders.NewRejects(*rejectsPath)
	if err != nil {
		return err
	}
	prog := loaders.NewProgress(stderr, log, *progressEvery)
	pctx, stopProgress := context.WithCancel(ctx)
	go prog.Run(pctx)
	start := time.Now()
	sum, lerr := configured()(ctx, target, files, *dataset, loaders.Options{
		BatchSize: *batchSize, Workers: *workers, Force: *force, Synthetic: *synthetic, Log: log, Progress: prog,
		MaxFieldBytes: *maxField,
	}, rej)
	if lerr == nil {
		prog.Phase("linking assets across platforms")
		lerr = links.AfterLoad(ctx, target, sum)
	}
	if lerr == nil {
		prog.Phase("building share indexes")
		lerr = refreshShareIndexes(ctx, st, sum, *workers, log)
	}
	stopProgress()
	prog.Stop()
	if err := rej.Close(); err != nil && lerr == nil {
		lerr = err
	}
	printSummary(stdout, kind, sum, rej, *rejectsPath, time.Since(start), lerr)
	if lerr != nil {
		return lerr
	}
	if n := rej.Count(); n > 0 && !*allowRejects {
		return fmt.Errorf("load %s: %d rows were rejected (see the summary%s); --allow-rejects accepts them", kind, n, rejectsHint(*rejectsPath))
	}
	return nil
}

// refreshShareIndexes brings the share index of every dataset the command
// named up to date, also when all its files were skipped: a load killed
// while indexing leaves a stale index, and running the command again ends
// what it started.
func refreshShareIndexes(ctx context.Context, st *store.Store, sum *loaders.Summary, workers int, log *slog.Logger) error {
	if sum == nil {
		return nil
	}
	var done []string
	for _, f := range sum.Files {
		if slices.Contains(done, f.Dataset) {
			continue
		}
		done = append(done, f.Dataset)
		built, err := st.RefreshShareIndex(ctx, f.Dataset, workers)
		if err != nil {
			return fmt.Errorf("load: %w", err)
		}
		// One line per dataset, naming only the signals that have shares: a
		// demo start loads dozens of files and their empty signals are noise.
		if len(built) > 0 {
			var took time.Duration
			var signals []string
			for _, b := range built {
				took += b.Took
				if b.Shares > 0 {
					signals = append(signals, fmt.Sprintf("%s:%d", strings.ToLower(string(b.Signal)), b.Shares))
				}
			}
			log.Info("share indexes built", "dataset", f.Dataset, "shares", strings.Join(signals, " "), "took", took.Round(time.Millisecond))
		}
	}
	return nil
}

func rejectsHint(path string) string {
	if path == "" {
		return "; --rejects FILE lists them all"
	}
	return " and " + path
}

// printSummary says what each file's load came to and, when the command
// failed (lerr), that it failed: a load that stopped half way must not read
// as loaded.
func printSummary(w io.Writer, kind string, sum *loaders.Summary, rej *loaders.Rejects, rejPath string, took time.Duration, lerr error) {
	if sum == nil {
		sum = &loaders.Summary{}
	}
	var rows, accepted int64
	for _, f := range sum.Files {
		state := "loaded"
		switch {
		case f.Err != nil:
			state = "FAILED (the load is marked failed; the same command resumes after its committed batches)"
		case f.Skipped:
			state = "skipped (already loaded)"
		case f.Resumed > 0:
			state = fmt.Sprintf("resumed after %d committed batches", f.Resumed)
		}
		fmt.Fprintf(w, "%s: %s into %s: %d rows, %d accepted, %d rejected, %d batches [load %s]\n",
			f.Entry.Label(), state, f.Dataset, f.Rows.Load(), f.Accepted.Load(), f.Rejected.Load(), f.Batches.Load(), f.ID)
		rows += f.Rows.Load()
		accepted += f.Accepted.Load()
	}
	for ds, n := range sum.Derived {
		fmt.Fprintf(w, "%s: amplification and client aggregates recomputed for %d accounts\n", ds, n)
	}
	for ds, n := range sum.Linked {
		if n > 0 {
			fmt.Fprintf(w, "%s: %d same-handle links to other accounts\n", ds, n)
		}
	}
	for ds, n := range sum.Resolved {
		if n > 0 {
			fmt.Fprintf(w, "%s: %d links from handle-only records to the accounts that held the handle\n", ds, n)
		}
	}
	rate := float64(accepted) / max(took.Seconds(), 1e-9)
	fmt.Fprintf(w, "%s: %d files, %d rows, %d accepted, %d rejected in %s (%.0f rows/s)\n",
		kind, len(sum.Files), rows, accepted, rej.Count(), took.Round(time.Millisecond), rate)
	if lerr != nil {
		fmt.Fprintf(w, "%s: FAILED: %v\n", kind, lerr)
	}
	for _, r := range rej.First() {
		fmt.Fprintf(w, "  rejected: %s\n", r)
	}
	if rej.Count() > len(rej.First()) {
		fmt.Fprintf(w, "  … and %d more%s\n", rej.Count()-len(rej.First()), rejectsHint(rejPath))
	}
}

// parseInterleaved lets flags follow the file names (`load twitter-io a.csv
// --dataset x`), which flag.Parse alone would treat as more files.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %s: %v", errUsage, fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		files = append(files, args[0])
		args = args[1:]
	}
}
