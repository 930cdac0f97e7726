// Command loadbench measures how fast `iograph load twitter-io` loads a
// generated release into Neo4j, side by side in one run with Neo4j's own
// LOAD CSV + CALL { … } IN TRANSACTIONS loading the same rows into the same
// model, and how much memory the loader process needs.
//
// Each run starts from an empty database: it loads the release with the
// iograph binary (a child process, so its peak RSS is its own), counts the
// graph, wipes it, loads the same files with the LOAD CSV statements in this
// folder, counts again, and fails unless both graphs have the same nodes per
// label and relationships per type (with their provenance). It prints tweets
// per second of both and their ratio. See bench/README.md.
//
// The database is wiped: NEO4J_URI must name it explicitly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/iograph/iograph/bench/internal/benchkit"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders/gen"
)

type options struct {
	neo4j     config.Neo4j
	tweets    int64
	accounts  int
	seed      uint64
	data      string
	out       string
	iograph   string
	runs      int
	workers   int
	batch     int
	csvBatch  int
	importDir string
	skipCSV   bool
	skipIO    bool
	prefix    time.Duration
	sample    time.Duration
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "loadbench: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	var o options
	fs := flag.NewFlagSet("loadbench", flag.ContinueOnError)
	config.RegisterNeo4jFlags(fs, &o.neo4j)
	fs.Int64Var(&o.tweets, "tweets", 1_000_000, "tweets in the generated release")
	fs.IntVar(&o.accounts, "accounts", 5000, "accounts in the generated release")
	fs.Uint64Var(&o.seed, "seed", 1, "generator seed (the same flags give byte-identical files)")
	fs.StringVar(&o.data, "data", filepath.Join(os.TempDir(), "iograph-loadbench"), "where releases are generated and reused")
	fs.StringVar(&o.out, "out", "", "where the loaders' logs go (default: a new folder under -data)")
	fs.StringVar(&o.iograph, "iograph", "", "the iograph binary to measure (default: build ./cmd/iograph)")
	fs.IntVar(&o.runs, "runs", 1, "how many times to repeat the side-by-side measurement")
	fs.IntVar(&o.workers, "workers", 2, "iograph load --workers")
	fs.IntVar(&o.batch, "batch-size", 2000, "iograph load --batch-size")
	fs.IntVar(&o.csvBatch, "csv-batch", 2000, "rows per transaction of the LOAD CSV baseline (IN TRANSACTIONS OF n ROWS)")
	fs.StringVar(&o.importDir, "import-dir", "", "Neo4j's import directory (default: $NEO4J_DATA_DIR/import, as scripts/neo4j sets it up)")
	fs.BoolVar(&o.skipCSV, "skip-baseline", false, "measure iograph only")
	fs.BoolVar(&o.skipIO, "skip-iograph", false, "measure the LOAD CSV baseline only")
	fs.DurationVar(&o.prefix, "prefix", 0, "memory mode: stop the iograph load after this long (0: load everything) and report its peak RSS over that prefix; implies -skip-baseline")
	fs.DurationVar(&o.sample, "rss-every", 5*time.Second, "how often the loader's resident memory is sampled for the RSS timeline")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if os.Getenv("NEO4J_URI") == "" && !flagSet(fs, "neo4j-uri") {
		return errors.New("set NEO4J_URI (or -neo4j-uri) to a Neo4j you can wipe: the benchmark deletes everything in it")
	}
	if o.prefix > 0 {
		o.skipCSV = true
	}
	if o.importDir == "" && !o.skipCSV {
		dd := os.Getenv("NEO4J_DATA_DIR")
		if dd == "" {
			return errors.New("the LOAD CSV baseline reads from Neo4j's import directory: set -import-dir or NEO4J_DATA_DIR (scripts/neo4j uses $NEO4J_DATA_DIR/import)")
		}
		o.importDir = filepath.Join(dd, "import")
	}
	if o.runs < 1 {
		return errors.New("-runs must be at least 1")
	}

	rel, err := release(ctx, o, stdout)
	if err != nil {
		return err
	}
	if o.out == "" {
		o.out = filepath.Join(o.data, "runs", time.Now().UTC().Format("20060102T150405Z"))
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("logs folder: %w", err)
	}
	if o.iograph == "" && !o.skipIO {
		if o.iograph, err = benchkit.Build(ctx, o.out); err != nil {
			return err
		}
	}
	g, err := graphdb.Open(ctx, o.neo4j, nil)
	if err != nil {
		return err
	}
	st := store.New(g)
	defer st.Close(context.Background())
	db := &db{st: st, g: g}
	host := hostInfo(ctx, db)
	fmt.Fprintf(stdout, "machine: %s\nneo4j: %s\nrelease: %s (%d tweets, %d users, %.0f MB of tweets CSV)\nlogs: %s\n\n",
		host.machine, host.neo4j, rel.dir, rel.tweets, rel.users, float64(rel.tweetsBytes)/1e6, o.out)

	if o.prefix > 0 {
		return memoryRun(ctx, o, db, rel, stdout)
	}
	var results []result
	for i := 1; i <= o.runs; i++ {
		r, err := sideBySide(ctx, o, db, rel, i, stdout)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	summarize(stdout, o, rel, results)
	return nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// releaseFiles is a generated release on disk.
type releaseFiles struct {
	dir, usersFile, tweetsFile string
	dataset                    string
	tweets, users              int64
	tweetsBytes                int64
}

// release generates the release once per size and seed and reuses it: the
// generator is deterministic, so the same folder name means the same bytes,
// and it writes exactly the rows asked for.
func release(ctx context.Context, o options, stdout io.Writer) (releaseFiles, error) {
	dir := filepath.Join(o.data, fmt.Sprintf("twitter-io-%dt-%da-seed%d", o.tweets, o.accounts, o.seed))
	find := func() []string {
		files, _ := filepath.Glob(filepath.Join(dir, "*_tweets_csv_hashed.csv"))
		return files
	}
	files := find()
	if len(files) != 1 {
		fmt.Fprintf(stdout, "generating %d tweets for %d accounts into %s …\n", o.tweets, o.accounts, dir)
		t0 := time.Now()
		if _, err := gen.TwitterIO(ctx, gen.Options{Tweets: o.tweets, Accounts: o.accounts, Seed: o.seed, OutDir: dir, Groups: 5}); err != nil {
			return releaseFiles{}, fmt.Errorf("generate the release: %w", err)
		}
		fmt.Fprintf(stdout, "generated in %s\n", time.Since(t0).Round(time.Second))
		if files = find(); len(files) != 1 {
			return releaseFiles{}, fmt.Errorf("the release generated in %s has no single tweets file", dir)
		}
	}
	r := releaseFiles{dir: dir, tweetsFile: files[0], users: int64(o.accounts), tweets: o.tweets,
		usersFile: strings.Replace(files[0], "_tweets_csv_", "_users_csv_", 1),
		dataset:   strings.TrimSuffix(filepath.Base(files[0]), "_tweets_csv_hashed.csv")}
	fi, err := os.Stat(r.tweetsFile)
	if err != nil {
		return r, fmt.Errorf("release: %w", err)
	}
	r.tweetsBytes = fi.Size()
	return r, nil
}

type result struct {
	run             int
	ioTook, csvTook time.Duration
	ioRSSKB         int64
	ioCPU, csvCPU   float64 // Neo4j's CPU seconds, when its process is on this machine
	counts          counts
}

func summarize(w io.Writer, o options, rel releaseFiles, rs []result) {
	fmt.Fprintf(w, "\n== summary: %d run(s), %d tweets, iograph --workers %d --batch-size %d, LOAD CSV IN TRANSACTIONS OF %d ROWS\n",
		len(rs), rel.tweets, o.workers, o.batch, o.csvBatch)
	var io, csv, ratio, rss []float64
	for _, r := range rs {
		if r.ioTook > 0 {
			io = append(io, rate(rel, r.ioTook))
			rss = append(rss, float64(r.ioRSSKB)/1024)
		}
		if r.csvTook > 0 {
			csv = append(csv, rate(rel, r.csvTook))
		}
		if r.ioTook > 0 && r.csvTook > 0 {
			ratio = append(ratio, r.csvTook.Seconds()/r.ioTook.Seconds())
		}
	}
	line := func(name, unit string, xs []float64) {
		if len(xs) == 0 {
			return
		}
		s := append([]float64(nil), xs...)
		sort.Float64s(s)
		fmt.Fprintf(w, "%-22s median %8.2f %s   min %8.2f   max %8.2f   runs: %s\n", name, s[len(s)/2], unit, s[0], s[len(s)-1], join(xs))
	}
	line("iograph tweets/s", "", io)
	line("LOAD CSV tweets/s", "", csv)
	line("ratio iograph/LOAD CSV", "×", ratio)
	line("iograph peak RSS", "MiB", rss)
}

func join(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(parts, ", ")
}

func rate(rel releaseFiles, took time.Duration) float64 {
	return float64(rel.tweets) / took.Seconds()
}
