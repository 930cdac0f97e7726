package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"time"

	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/bulk"
	"github.com/iograph/iograph/loaders/shares"
	"github.com/iograph/iograph/loaders/twitterio"
)

const importUsage = `Usage: iograph import [flags] [FORMAT] FILE... [FORMAT FILE...]...

Files of every format iograph load reads (%s), in one import into a
stopped, empty database. A format name applies to the files after it, up to the next one;
files before any format name are twitter-io releases. Each group of files reads as
'iograph load FORMAT FILE...' reads it, in the order given; --platform and --global-ids
apply to the shares files.

Flags:
`

// runImport is `iograph import`: files of any format into a stopped, empty
// database at neo4j-admin's speed (see app.Import), then, once the server
// runs (--start starts it), what a load does after its files
// (app.FinishImport).
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import", stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), importUsage, formatNames())
		fs.PrintDefaults()
	}
	var sharesReq app.LoadRequest
	configureShares := formatFlags[shares.Kind](fs)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	defDir := os.Getenv("NEO4J_DATA_DIR")
	if defDir == "" {
		defDir = ".iograph/neo4j"
	}
	dataDir := fs.String("data-dir", defDir, "the data directory scripts/neo4j manages (env NEO4J_DATA_DIR); its database must be stopped and empty")
	home := fs.String("neo4j-home", "", "the Neo4j distribution whose neo4j-admin runs (default: the one scripts/neo4j fetched into ~/.cache/iograph)")
	dataset := fs.String("dataset", "", "dataset (release) name of every file; default: taken from each file's name, as its format's load does")
	rejectsPath := fs.String("rejects", "", "write rejected rows to this CSV (file,line,column,reason,value)")
	allowRejects := fs.Bool("allow-rejects", false, "exit 0 even when rows were rejected")
	synthetic := fs.Bool("synthetic", false, "mark the datasets as generated data")
	maxField := fs.Int("max-field-bytes", loaders.DefaultMaxFieldBytes, "reject a row with a field over this many bytes")
	memory := fs.Int("memory-mb", 256, "facts held in memory before they are sorted and spilt to disk; the conversion's Go heap is held to 1.5 times this, at least this + 128 (unless GOMEMLIMIT is set)")
	heap := fs.String("heap", "1g", "JVM heap of neo4j-admin")
	work := fs.String("work", "", "folder for the CSV and spill files (default: under the data directory's import/)")
	keep := fs.Bool("keep", false, "keep the CSV files after a good import")
	start := fs.String("start", "scripts/neo4j start", "shell command that starts the server after neo4j-admin (run with NEO4J_DATA_DIR set); \"\" leaves it stopped: start it, then run the same command with --finish")
	finish := fs.Bool("finish", false, "only finish an earlier import on the running server (schema, links, share indexes)")
	workers := fs.Int("workers", 2, "concurrent transactions building share indexes")
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	configureShares(&sharesReq)
	inputs, err := importInputs(positional, sharesReq.Shares)
	if err != nil {
		return err
	}
	longReads(fs, &n4j, 10*time.Minute)
	log := newLogger(stderr, "text")
	loads, err := app.ImportedLoads(inputs, *dataset)
	if err != nil {
		return err
	}
	if !*finish {
		defer bulk.HoldHeap(*memory << 20)()
		admin := bulk.Admin{Home: *home, DataDir: *dataDir, Heap: *heap, Out: stderr}
		if admin.Home == "" {
			if admin.Home, err = bulk.FindHome(); err != nil {
				return err
			}
		}
		req := app.ImportRequest{Inputs: inputs, Rejects: *rejectsPath, Work: *work, Keep: *keep, Admin: admin,
			Options: bulk.Options{Dataset: *dataset, Synthetic: *synthetic, MaxFieldBytes: *maxField,
				MemoryBytes: *memory << 20, Log: log, Progress: loaders.NewProgress(stderr, log, 10*time.Second)}}
		pctx, cancel := context.WithCancel(ctx)
		go req.Options.Progress.Run(pctx)
		rep, err := app.Import(ctx, req)
		cancel()
		req.Options.Progress.Stop()
		if rep != nil && rep.Convert != nil {
			printImport(stdout, rep, *rejectsPath)
		}
		if err != nil {
			return err
		}
		if n := rep.Rejects.Count(); n > 0 && !*allowRejects {
			return fmt.Errorf("import: %d rows were rejected (see the summary%s); --allow-rejects accepts them", n, rejectsHint(*rejectsPath))
		}
		if *start == "" {
			fmt.Fprintf(stdout, "import: the server is stopped; start it, then finish with: iograph import --finish %s\n", quoteArgs(positional))
			return nil
		}
		cmd := exec.CommandContext(ctx, "sh", "-c", *start)
		cmd.Env = append(os.Environ(), "NEO4J_DATA_DIR="+*dataDir)
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("import: start the server (%s): %w; once it runs, finish with --finish", *start, err)
		}
	}
	t0 := time.Now()
	db, err := graphdb.Open(ctx, n4j, log)
	if err != nil {
		return err
	}
	defer db.Close(context.Background())
	if err := app.FinishImport(ctx, db, loads, *workers, log); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "import: finished on the server in %s (schema, links across platforms, share indexes)\n", time.Since(t0).Round(time.Millisecond))
	return nil
}

// importInputs groups the files of the command line by the format named
// before them (twitter-io before any).
func importInputs(args []string, cfg shares.Config) ([]bulk.Input, error) {
	var inputs []bulk.Input
	format, files := twitterio.Kind, 0
	for i, a := range args {
		if slices.Contains(app.LoadFormats(), a) {
			if i+1 == len(args) || slices.Contains(app.LoadFormats(), args[i+1]) {
				return nil, fmt.Errorf("%w: import: name files after the format %s", errUsage, a)
			}
			format = a
			continue
		}
		if n := len(inputs); n == 0 || inputs[n-1].Format != format || (i > 0 && args[i-1] == format) {
			inputs = append(inputs, bulk.Input{Format: format, Shares: cfg})
		}
		inputs[len(inputs)-1].Files = append(inputs[len(inputs)-1].Files, a)
		files++
	}
	if files == 0 {
		return nil, fmt.Errorf("%w: import: name the files: [FORMAT] FILE... (formats: %s; twitter-io when none is named)", errUsage, formatNames())
	}
	return inputs, nil
}

func printImport(w io.Writer, rep *app.ImportReport, rejPath string) {
	res := rep.Convert
	for _, f := range res.Files {
		fmt.Fprintf(w, "%s: imported into %s: %d rows, %d accepted, %d rejected [load %s]\n",
			f.Entry.Label(), f.Dataset, f.Rows.Load(), f.Accepted.Load(), f.Rejected.Load(), f.ID)
	}
	var nodes, rels int64
	for _, f := range res.Nodes {
		nodes += f.Lines
	}
	for _, f := range res.Relationships {
		rels += f.Lines
	}
	fmt.Fprintf(w, "import: %d files, %d rows: %d nodes, %d relationships; converted in %s, neo4j-admin %s, %s in all\n",
		len(res.Files), res.Rows, nodes, rels, res.Took.Round(time.Millisecond), rep.Admin.Round(time.Millisecond), rep.Took.Round(time.Millisecond))
	rej := rep.Rejects
	for _, r := range rej.First() {
		fmt.Fprintf(w, "  rejected: %s\n", r)
	}
	if rej.Count() > len(rej.First()) {
		fmt.Fprintf(w, "  … and %d more%s\n", rej.Count()-len(rej.First()), rejectsHint(rejPath))
	}
}

func quoteArgs(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += " "
		}
		out += fmt.Sprintf("%q", x)
	}
	return out
}
