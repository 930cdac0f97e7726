package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/shares"
)

// formatFlags adds the flags a format has of its own; they fill in the
// request once parsed. Formats not listed take only the common flags.
var formatFlags = map[string]func(fs *flag.FlagSet) func(*app.LoadRequest){
	shares.Kind: func(fs *flag.FlagSet) func(*app.LoadRequest) {
		platform := fs.String("platform", string(model.PlatformTwitter), "platform of account ids without an fb_/tw_/ig_ prefix")
		global := fs.Bool("global-ids", false, "ids are real platform ids (default: anonymised ids, scoped by the dataset)")
		return func(r *app.LoadRequest) {
			r.Shares = shares.Config{Platform: model.Platform(*platform), GlobalIDs: *global}
		}
	},
}

func formatNames() string { return strings.Join(app.LoadFormats(), ", ") }

// runLoad reads the flags into an app.LoadRequest, runs app.Load and prints
// its report; the flags are checked here, before connecting, so that a
// mistake is a usage error naming the flag.
func runLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("%w: load: name a format (%s) and files", errUsage, formatNames())
	}
	kind, args := args[0], args[1:]
	if !slices.Contains(app.LoadFormats(), kind) {
		return fmt.Errorf("%w: load: unknown format %q (formats: %s)", errUsage, kind, formatNames())
	}
	fs := newFlagSet("load "+kind, stderr)
	configure := func(*app.LoadRequest) {}
	if add := formatFlags[kind]; add != nil {
		configure = add(fs)
	}
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
	if *batchSize < 1 || *batchSize > app.MaxBatchSize || *workers < 1 || *workers > app.MaxWorkers {
		return fmt.Errorf("%w: load: --batch-size must be 1..%d and --workers 1..%d", errUsage, app.MaxBatchSize, app.MaxWorkers)
	}
	if *maxField < app.MinFieldBytes || *maxField > app.MaxFieldBytes {
		return fmt.Errorf("%w: load: --max-field-bytes must be %d..%d", errUsage, app.MinFieldBytes, app.MaxFieldBytes)
	}
	log := newLogger(stderr, "text")
	if *verbose {
		log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	req := app.LoadRequest{Format: kind, Files: files, Dataset: *dataset, Rejects: *rejectsPath, Options: loaders.Options{
		BatchSize: *batchSize, Workers: *workers, Force: *force, Synthetic: *synthetic, Log: log, MaxFieldBytes: *maxField,
	}}
	configure(&req)
	if err := req.Check(); err != nil {
		return err
	}
	db, err := graphdb.Open(ctx, n4j, log)
	if err != nil {
		return err
	}
	defer db.Close(context.Background())
	req.Options.Progress = loaders.NewProgress(stderr, log, *progressEvery)
	rep, lerr := app.Load(ctx, db, req)
	if rep == nil {
		return lerr
	}
	printSummary(stdout, kind, rep, *rejectsPath, lerr)
	if lerr != nil {
		return lerr
	}
	if n := rep.Rejects.Count(); n > 0 && !*allowRejects {
		return fmt.Errorf("load %s: %d rows were rejected (see the summary%s); --allow-rejects accepts them", kind, n, rejectsHint(*rejectsPath))
	}
	return nil
}

func rejectsHint(path string) string {
	if path == "" {
		return "; --rejects FILE lists them all"
	}
	return " and " + path
}

// printSummary says what the load came to in a few lines, whatever the
// number of files: a line for each file that failed, resumed or had
// rejects (and for each file of a load of at most three), one line for the
// files skipped as already loaded, one per kind of derived data, and the
// totals. When the command failed (lerr) it says so: a load that stopped
// half way must not read as loaded.
func printSummary(w io.Writer, kind string, rep *app.LoadReport, rejPath string, lerr error) {
	var skipped []string
	var blank int64
	for _, f := range rep.Files {
		blank += f.Blank.Load()
		state := "loaded"
		switch app.StateOf(f) {
		case app.FileFailed:
			state = "FAILED (the load is marked failed; the same command resumes after its committed batches)"
		case app.FileSkipped:
			skipped = append(skipped, f.Entry.Label())
			continue
		case app.FileResumed:
			state = fmt.Sprintf("resumed after %d committed batches", f.Resumed)
		}
		if state == "loaded" && f.Rejected.Load() == 0 && len(rep.Files) > 3 {
			continue
		}
		blank := ""
		if n := f.Blank.Load(); n > 0 {
			blank = fmt.Sprintf(", %d blank (skipped)", n)
		}
		fmt.Fprintf(w, "%s: %s into %s: %d rows, %d accepted, %d rejected%s, %d batches [load %s]\n",
			f.Entry.Label(), state, f.Dataset, f.Rows.Load(), f.Accepted.Load(), f.Rejected.Load(), blank, f.Batches.Load(), f.ID)
	}
	switch {
	case len(skipped) == 1:
		fmt.Fprintf(w, "%s: skipped (already loaded); --force loads it again\n", skipped[0])
	case len(skipped) > 1:
		fmt.Fprintf(w, "%d files skipped (already loaded): %s, …; --force loads them again\n", len(skipped), skipped[0])
	}
	for _, d := range []struct {
		counts map[string]int
		what   string
	}{
		{rep.Derived, "accounts' amplification and client aggregates recomputed"},
		{rep.Linked, "same-handle links to other accounts"},
		{rep.Resolved, "links from handle-only records to the accounts that held the handle"},
	} {
		var n int
		var names []string
		for ds, c := range d.counts {
			if c > 0 {
				n += c
				names = append(names, ds)
			}
		}
		if n == 0 {
			continue
		}
		slices.Sort(names)
		list := strings.Join(names[:min(len(names), 3)], ", ")
		if len(names) > 3 {
			list += fmt.Sprintf(" and %d more datasets", len(names)-3)
		}
		fmt.Fprintf(w, "%d %s (%s)\n", n, d.what, list)
	}
	rej := rep.Rejects
	rate := float64(rep.Accepted) / max(rep.Took.Seconds(), 1e-9)
	blankNote := ""
	if blank > 0 {
		blankNote = fmt.Sprintf(", %d blank", blank)
	}
	fmt.Fprintf(w, "%s: %d files (%d skipped), %d rows, %d accepted, %d rejected%s in %s (%.0f rows/s)\n",
		kind, len(rep.Files), len(skipped), rep.Rows, rep.Accepted, rej.Count(), blankNote, rep.Took.Round(time.Millisecond), rate)
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
