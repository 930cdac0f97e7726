// Command coordbench measures coordinated-sharing detection from the loaded
// graph to the written edge list: `iograph coordination` (store.Shares +
// coord.Detect + coord.WriteEdgeList) against plain.py, a plain single-threaded
// Python implementation of the same CooRTweet rules, on the same share rows.
//
// For every case (dataset, signal, window) it
//
//  1. exports the case's share rows from the graph with store.Shares to a CSV
//     (object,account,content,time_ms) — not timed;
//  2. runs `iograph coordination --dataset D --signal S --window W
//     --min-participation M --out F` as a child process and measures its wall
//     time (process start, connecting, reading the rows over Bolt, detecting,
//     writing) and its peak RSS (getrusage of the child, ru_maxrss);
//  3. runs `python3 plain.py` on the exported CSV, measured the same way;
//  4. fails unless both edge lists (account_a,account_b,weight) are identical
//     byte for byte,
//
// repeats steps 2-3 -runs times (alternating, so both see the same machine
// load) and prints the median times, the ratio plain/iograph and peak RSS.
//
// Run it against a Neo4j with the data loaded (nothing is written to it):
//
//	export NEO4J_URI=neo4j://127.0.0.1:7687 NEO4J_PASSWORD=…
//	iograph load shares --allow-rejects demo/coortweet/german_elections.csv.gz
//	iograph gen twitter-io --tweets 965000 --accounts 20000 --out /tmp/r560k   # 559,831 retweets
//	iograph load twitter-io --synthetic /tmp/r560k/synthetic_082019_1_*_csv_hashed.csv
//	go run ./bench/coordbench -runs 3 \
//	    -cases 'german_elections:url,domain,hashtag,image:30,60;synthetic_082019_1:retweet:60'
//
// See bench/README.md ("Coordination") for results.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/iograph/iograph/bench/internal/benchkit"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

type options struct {
	neo4j   config.Neo4j
	cases   string
	runs    int
	minPart int
	iograph string
	python  string
	plain   string
	work    string
	skipPy  bool
}

type benchCase struct {
	dataset string
	signal  string
	window  int
}

func (c benchCase) String() string {
	return fmt.Sprintf("%s %s %ds", c.dataset, c.signal, c.window)
}

// measurement is one child process run.
type measurement struct {
	took  time.Duration
	rssKB int64
	read  time.Duration // iograph's own "read in" (rows from the graph), when reported
}

type result struct {
	c             benchCase
	shares, edges int
	io, py        []measurement
	same          bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "coordbench: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	var o options
	fs := flag.NewFlagSet("coordbench", flag.ContinueOnError)
	config.RegisterNeo4jFlags(fs, &o.neo4j)
	fs.StringVar(&o.cases, "cases", "german_elections:url,domain,hashtag,image:30,60",
		"cases as DATASET:SIGNAL[,SIGNAL…]:WINDOW[,WINDOW…], several separated by ';' (every signal with every window)")
	fs.IntVar(&o.runs, "runs", 3, "timed runs of each side per case (medians are reported)")
	fs.IntVar(&o.minPart, "min-participation", 2, "CooRTweet's min_participation")
	fs.StringVar(&o.iograph, "iograph", "", "the iograph binary to measure (default: build ./cmd/iograph)")
	fs.StringVar(&o.python, "python", "python3", "the Python 3 interpreter for plain.py")
	fs.StringVar(&o.plain, "plain", "", "plain.py (default: bench/coordbench/plain.py of this tree)")
	fs.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "iograph-coordbench"), "where share CSVs and edge lists are written")
	fs.BoolVar(&o.skipPy, "skip-baseline", false, "measure iograph only (no export, no plain.py)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	if os.Getenv("IOGRAPH_QUERY_TIMEOUT") == "" {
		// the export reads every share of a case in one transaction, as
		// `iograph coordination` does (which allows it 30 minutes)
		o.neo4j.QueryTimeout = 30 * time.Minute
	}
	cases, err := parseCases(o.cases)
	if err != nil {
		return err
	}
	if o.plain == "" {
		o.plain = filepath.Join(benchkit.ModuleRoot(), "bench", "coordbench", "plain.py")
	}
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return err
	}
	if o.iograph == "" {
		if o.iograph, err = benchkit.Build(ctx, o.work); err != nil {
			return err
		}
	}
	g, err := graphdb.Open(ctx, o.neo4j, nil)
	if err != nil {
		return err
	}
	st := store.New(g)
	defer st.Close(context.Background())
	fmt.Fprintf(stdout, "machine: %d cores, %s RAM, %s; load average %s\nneo4j: %s (%s)\niograph: %s\nbaseline: %s %s (%s)\n\n",
		runtime.NumCPU(), benchkit.MemTotal(), runtime.GOOS+"/"+runtime.GOARCH, benchkit.LoadAvg(), o.neo4j.URI, neo4jVersion(ctx, g),
		o.iograph, o.python, o.plain, pythonVersion(ctx, o.python))

	var results []result
	for _, c := range cases {
		r, err := runCase(ctx, o, st, c, stdout)
		if err != nil {
			return fmt.Errorf("%s: %w", c, err)
		}
		results = append(results, r)
	}
	summarize(stdout, o, results)
	for _, r := range results {
		if !o.skipPy && !r.same {
			return errors.New("edge lists differ (see above)")
		}
	}
	return nil
}

// parseCases reads "ds:sig,sig:w,w;ds2:…".
func parseCases(s string) ([]benchCase, error) {
	var out []benchCase
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		f := strings.Split(part, ":")
		if len(f) != 3 || f[0] == "" {
			return nil, fmt.Errorf("-cases: %q is not DATASET:SIGNALS:WINDOWS", part)
		}
		for _, sig := range strings.Split(f[1], ",") {
			if !model.CoordinationSignal(strings.ToUpper(sig)).Valid() {
				return nil, fmt.Errorf("-cases: unknown signal %q", sig)
			}
			for _, w := range strings.Split(f[2], ",") {
				n, err := strconv.Atoi(w)
				if err != nil || n < 1 {
					return nil, fmt.Errorf("-cases: window %q is not a whole number of seconds", w)
				}
				out = append(out, benchCase{f[0], strings.ToLower(sig), n})
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("-cases: no case")
	}
	return out, nil
}

func runCase(ctx context.Context, o options, st *store.Store, c benchCase, stdout io.Writer) (result, error) {
	r := result{c: c}
	name := fmt.Sprintf("%s_%s_%ds", c.dataset, c.signal, c.window)
	sharesCSV := filepath.Join(o.work, fmt.Sprintf("%s_%s.shares.csv", c.dataset, c.signal))
	ioOut := filepath.Join(o.work, name+".iograph.csv")
	pyOut := filepath.Join(o.work, name+".plain.csv")
	if !o.skipPy {
		n, err := exportShares(ctx, st, c, sharesCSV)
		if err != nil {
			return r, err
		}
		r.shares = n
	}
	for i := 1; i <= o.runs; i++ {
		m, err := runIograph(ctx, o, c, ioOut)
		if err != nil {
			return r, err
		}
		r.io = append(r.io, m)
		fmt.Fprintf(stdout, "%-40s run %d  iograph %8s (read %s)  %6.0f MB", c, i, secs(m.took), secs(m.read), mb(m.rssKB))
		if !o.skipPy {
			pm, err := runPlain(ctx, o, c, sharesCSV, pyOut)
			if err != nil {
				return r, err
			}
			r.py = append(r.py, pm)
			fmt.Fprintf(stdout, "   plain.py %8s  %6.0f MB   ratio %.1f×", secs(pm.took), mb(pm.rssKB), pm.took.Seconds()/m.took.Seconds())
		}
		fmt.Fprintln(stdout)
	}
	got, err := os.ReadFile(ioOut)
	if err != nil {
		return r, err
	}
	r.edges = bytes.Count(got, []byte("\n")) - 1
	if !o.skipPy {
		want, err := os.ReadFile(pyOut)
		if err != nil {
			return r, err
		}
		r.same = bytes.Equal(got, want)
		if !r.same {
			fmt.Fprintf(stdout, "%s: EDGE LISTS DIFFER: %s (iograph) vs %s (plain.py): %s\n", c, ioOut, pyOut, firstDiff(got, want))
		}
	}
	return r, nil
}

// exportShares writes the rows iograph reads for the case (the same query,
// the same order) as the baseline's input.
func exportShares(ctx context.Context, st *store.Store, c benchCase, path string) (int, error) {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		if n, err := countLines(path); err == nil {
			return n - 1, nil // exported by an earlier case of the same signal
		}
	}
	// Walked from the posts, not read from the share index the timed command
	// uses, so the byte-for-byte check below also checks the index.
	shares, _, err := st.Shares(ctx, store.SharesQuery{Signal: model.CoordinationSignal(strings.ToUpper(c.signal)), Dataset: c.dataset, Walk: true})
	if err != nil {
		return 0, fmt.Errorf("export shares: %w", err)
	}
	if len(shares) == 0 {
		return 0, fmt.Errorf("no %s shares in dataset %q: is it loaded?", c.signal, c.dataset)
	}
	f, err := os.Create(path + ".partial")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	cw := csv.NewWriter(bw)
	cw.Write([]string{"object", "account", "content", "time_ms"})
	for _, s := range shares {
		cw.Write([]string{s.Object, s.Account, s.Content, strconv.FormatInt(s.TimeMs, 10)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	return len(shares), os.Rename(path+".partial", path)
}

var readIn = regexp.MustCompile(`read in ([0-9.]+[a-zµ]+)\)`)

func runIograph(ctx context.Context, o options, c benchCase, out string) (measurement, error) {
	cmd := exec.CommandContext(ctx, o.iograph, "coordination", "--dataset", c.dataset, "--signal", c.signal,
		"--window", strconv.Itoa(c.window), "--min-participation", strconv.Itoa(o.minPart), "--out", out,
		"--neo4j-uri", o.neo4j.URI, "--neo4j-user", o.neo4j.User, "--neo4j-database", o.neo4j.Database)
	cmd.Env = append(os.Environ(), "NEO4J_PASSWORD="+o.neo4j.Password)
	m, stderr, err := measure(cmd)
	if err != nil {
		return m, fmt.Errorf("iograph coordination: %v\n%s", err, stderr)
	}
	if sm := readIn.FindStringSubmatch(stderr); sm != nil {
		m.read, _ = time.ParseDuration(sm[1])
	}
	return m, nil
}

func runPlain(ctx context.Context, o options, c benchCase, in, out string) (measurement, error) {
	cmd := exec.CommandContext(ctx, o.python, o.plain, "--window", strconv.Itoa(c.window),
		"--min-participation", strconv.Itoa(o.minPart), in, out)
	m, stderr, err := measure(cmd)
	if err != nil {
		return m, fmt.Errorf("plain.py: %v\n%s", err, stderr)
	}
	return m, nil
}

// measure runs cmd and returns its wall time and peak resident set size.
func measure(cmd *exec.Cmd) (measurement, string, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t0 := time.Now()
	err := cmd.Run()
	m := measurement{took: time.Since(t0)}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			m.rssKB = ru.Maxrss // kilobytes on Linux
		}
	}
	return m, stderr.String(), err
}

func summarize(w io.Writer, o options, rs []result) {
	fmt.Fprintf(w, "\n== medians of %d run(s); min_participation %d; time = wall clock from the loaded graph to the written edge list\n\n", o.runs, o.minPart)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "dataset\tsignal\twindow\tshares\tedges\tiograph s\t(read s)\tiograph MB\tplain.py s\tplain.py MB\tplain/iograph\tidentical\t")
	for _, r := range rs {
		io := median(r.io, func(m measurement) float64 { return m.took.Seconds() })
		read := median(r.io, func(m measurement) float64 { return m.read.Seconds() })
		ioRSS := maxRSS(r.io)
		row := fmt.Sprintf("%s\t%s\t%d\t%s\t%d\t%.2f\t%.2f\t%.0f\t", r.c.dataset, r.c.signal, r.c.window, count(r.shares), r.edges, io, read, mb(ioRSS))
		if o.skipPy {
			row += "-\t-\t-\t-\t"
		} else {
			py := median(r.py, func(m measurement) float64 { return m.took.Seconds() })
			same := "yes"
			if !r.same {
				same = "NO"
			}
			row += fmt.Sprintf("%.2f\t%.0f\t%.1f×\t%s\t", py, mb(maxRSS(r.py)), py/io, same)
		}
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
}

func median(ms []measurement, f func(measurement) float64) float64 {
	if len(ms) == 0 {
		return 0
	}
	v := make([]float64, len(ms))
	for i, m := range ms {
		v[i] = f(m)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func maxRSS(ms []measurement) int64 {
	var m int64
	for _, x := range ms {
		m = max(m, x.rssKB)
	}
	return m
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func secs(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

func count(n int) string {
	if n == 0 {
		return "-"
	}
	return strconv.Itoa(n)
}

func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	buf := make([]byte, 1<<20)
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte("\n"))
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d: %q vs %q", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d vs %d lines", len(la), len(lb))
}

func neo4jVersion(ctx context.Context, g *graphdb.DB) string {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	info, err := g.ServerInfo(cctx)
	if err != nil {
		return "version unknown"
	}
	return info.Agent()
}

func pythonVersion(ctx context.Context, python string) string {
	out, err := exec.CommandContext(ctx, python, "--version").CombinedOutput()
	if err != nil {
		return "version unknown"
	}
	return strings.TrimSpace(string(out))
}
