package main

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/iograph/iograph/bench/internal/benchkit"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/twitterio"
)

var (
	//go:embed baseline_begin.cypher
	baselineBeginCypher string
	//go:embed baseline_users.cypher
	baselineUsersCypher string
	//go:embed baseline_tweets.cypher
	baselineTweetsCypher string
	//go:embed baseline_amplified.cypher
	baselineAmplifiedCypher string
	//go:embed baseline_clients.cypher
	baselineClientsCypher string
	//go:embed baseline_finish.cypher
	baselineFinishCypher string
)

// sideBySide is one measurement: iograph, then LOAD CSV, each from an empty
// database, then the comparison of the two graphs.
func sideBySide(ctx context.Context, o options, d *db, rel releaseFiles, n int, w io.Writer) (result, error) {
	r := result{run: n}
	fmt.Fprintf(w, "== run %d\n", n)
	var ioCounts counts
	if !o.skipIO {
		if err := d.wipe(ctx); err != nil {
			return r, err
		}
		cpu0 := serverCPU()
		load, err := loadWithIograph(ctx, o, rel, filepath.Join(o.out, fmt.Sprintf("run%d-iograph", n)), 0, w)
		if err != nil {
			return r, err
		}
		r.ioTook, r.ioRSSKB, r.ioCPU = load.took, load.maxRSSKB, cpuSince(cpu0)
		fmt.Fprintf(w, "iograph:  %8.1f s  %8.0f tweets/s  peak RSS %.1f MiB%s\n", r.ioTook.Seconds(), rate(rel, r.ioTook),
			float64(r.ioRSSKB)/1024, cpuNote(r.ioCPU))
		if ioCounts, err = d.counts(ctx); err != nil {
			return r, err
		}
	}
	if !o.skipCSV {
		if err := d.wipe(ctx); err != nil {
			return r, err
		}
		if err := d.migrate(ctx); err != nil {
			return r, err
		}
		cpu0 := serverCPU()
		took, err := loadWithCSV(ctx, o, d, rel, w)
		if err != nil {
			return r, err
		}
		r.csvTook, r.csvCPU = took, cpuSince(cpu0)
		fmt.Fprintf(w, "LOAD CSV: %8.1f s  %8.0f tweets/s%s\n", took.Seconds(), rate(rel, took), cpuNote(r.csvCPU))
		csvCounts, err := d.counts(ctx)
		if err != nil {
			return r, err
		}
		if !o.skipIO {
			var b strings.Builder
			printCounts(&b, ioCounts)
			fmt.Fprintf(w, "graph (both loads):\n%s", b.String())
			if d := diff(ioCounts, csvCounts); len(d) > 0 {
				return r, fmt.Errorf("the two loads built different graphs, so the comparison is void:\n  %s", strings.Join(d, "\n  "))
			}
			fmt.Fprintf(w, "same nodes per label, relationships per type, provenance and checksums in both graphs\n")
			fmt.Fprintf(w, "ratio:    %.2f× (LOAD CSV time / iograph time)\n", took.Seconds()/r.ioTook.Seconds())
		} else {
			var b strings.Builder
			printCounts(&b, csvCounts)
			fmt.Fprintf(w, "graph:\n%s", b.String())
		}
		r.counts = csvCounts
	}
	return r, nil
}

func cpuSince(cpu0 float64) float64 {
	if cpu0 < 0 {
		return -1
	}
	return serverCPU() - cpu0
}

func cpuNote(cpu float64) string {
	if cpu < 0 {
		return ""
	}
	return fmt.Sprintf("  (Neo4j CPU %.0f s)", cpu)
}

// childLoad is what one `iograph load` process did.
type childLoad struct {
	took     time.Duration
	maxRSSKB int64
	rows     int64     // rows the last progress line reported
	timeline []rssMark // resident memory over time
	stopped  bool      // cut short by -prefix
}

type rssMark struct {
	at      time.Duration
	rssKB   int64
	rowsNow int64
}

var progressRows = regexp.MustCompile(`msg=loading .* rows=(\d+)`)

// loadWithIograph runs the iograph binary on the release, as a user would,
// and measures it from outside: wall time, and the child's peak resident
// set from the kernel (rusage), sampled on the way from /proc for the
// timeline. With stopAfter > 0 it interrupts the load then (SIGINT: the
// loader stops cleanly), to measure memory over a prefix of a long load.
func loadWithIograph(ctx context.Context, o options, rel releaseFiles, logPrefix string, stopAfter time.Duration, w io.Writer) (childLoad, error) {
	var cl childLoad
	args := []string{"load", twitterio.Kind, rel.usersFile, rel.tweetsFile, "--synthetic",
		"--workers", strconv.Itoa(o.workers), "--batch-size", strconv.Itoa(o.batch), "--progress-every", "5s"}
	cmd := exec.Command(o.iograph, args...)
	// Credentials go by environment, never on a command line others can see.
	cmd.Env = append(os.Environ(), "NEO4J_URI="+o.neo4j.URI, "NEO4J_USER="+o.neo4j.User,
		"NEO4J_PASSWORD="+o.neo4j.Password, "NEO4J_DATABASE="+o.neo4j.Database)
	stdout, err := os.Create(logPrefix + ".stdout")
	if err != nil {
		return cl, err
	}
	defer stdout.Close()
	stderrFile, err := os.Create(logPrefix + ".log")
	if err != nil {
		return cl, err
	}
	defer stderrFile.Close()
	pr, pw := io.Pipe()
	cmd.Stdout = stdout
	cmd.Stderr = io.MultiWriter(stderrFile, pw)
	var rows atomic.Int64
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		for sc.Scan() {
			if m := progressRows.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.ParseInt(m[1], 10, 64)
				rows.Store(n)
			}
		}
	}()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		pw.Close()
		return cl, fmt.Errorf("start %s: %w", o.iograph, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(o.sample)
	defer tick.Stop()
	var stop <-chan time.Time
	if stopAfter > 0 {
		stop = time.After(stopAfter)
	}
	pid := strconv.Itoa(cmd.Process.Pid)
	var werr error
wait:
	for {
		select {
		case werr = <-done:
			break wait
		case <-tick.C:
			if kb := procRSS(pid); kb > 0 {
				cl.timeline = append(cl.timeline, rssMark{at: time.Since(start), rssKB: kb, rowsNow: rows.Load()})
			}
		case <-stop:
			cl.stopped = true
			_ = cmd.Process.Signal(os.Interrupt)
			stop = nil
		case <-ctx.Done():
			_ = cmd.Process.Signal(os.Interrupt)
			<-done
			pw.Close()
			return cl, ctx.Err()
		}
	}
	cl.took = time.Since(start)
	pw.Close()
	<-scanned
	cl.rows = rows.Load()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		cl.maxRSSKB = ru.Maxrss // kilobytes on Linux
	}
	if werr != nil && !cl.stopped {
		return cl, fmt.Errorf("iograph load failed (%v); see %s.log", werr, logPrefix)
	}
	return cl, nil
}

// procRSS is a process's current resident set in kB, from /proc.
func procRSS(pid string) int64 { return benchkit.ProcStatusKB(pid, "VmRSS") }

// loadWithCSV loads the release with Neo4j's LOAD CSV, from the import
// directory, into the model iograph writes: the Dataset and Load nodes, the
// users, the tweets and their links, the derived AMPLIFIED and USED_CLIENT
// aggregates, and the closed load records. The files are hard-linked (or
// copied) into the import directory before the clock starts.
func loadWithCSV(ctx context.Context, o options, d *db, rel releaseFiles, w io.Writer) (time.Duration, error) {
	dir := filepath.Join(o.importDir, "loadbench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("import directory: %w", err)
	}
	type file struct {
		path, url string
		load      map[string]any
	}
	var files []file
	for _, p := range []string{rel.usersFile, rel.tweetsFile} {
		dst := filepath.Join(dir, filepath.Base(p))
		if err := linkOrCopy(p, dst); err != nil {
			return 0, fmt.Errorf("put %s into Neo4j's import directory: %w", p, err)
		}
		es, err := loaders.Entries(p)
		if err != nil {
			return 0, err
		}
		// The same load ids iograph derives, so both graphs record the same
		// provenance.
		id := loaders.LoadID(twitterio.Kind, rel.dataset, es[0])
		files = append(files, file{path: p, url: "file:///loadbench/" + filepath.Base(p), load: map[string]any{
			"id": id, "file": p, "entry": es[0].Name, "sha256": es[0].SHA256}})
	}
	rows := []int64{rel.users, rel.tweets}
	var loadIDs []any
	var loads []any
	for i, f := range files {
		loadIDs = append(loadIDs, f.load["id"])
		f.load["rows"] = rows[i]
		f.load["batches"] = (rows[i] + int64(o.batch) - 1) / int64(o.batch)
		loads = append(loads, f.load)
	}
	steps := []struct {
		name   string
		cypher string
		params map[string]any
	}{
		{"begin", baselineBeginCypher, map[string]any{"dataset": rel.dataset, "kind": twitterio.Kind, "loads": loads}},
		{"users", baselineUsersCypher, map[string]any{"file": files[0].url, "load": loadIDs[0], "dataset": rel.dataset, "batch": int64(o.csvBatch)}},
		{"tweets", baselineTweetsCypher, map[string]any{"file": files[1].url, "load": loadIDs[1], "dataset": rel.dataset, "batch": int64(o.csvBatch)}},
		{"amplified", baselineAmplifiedCypher, map[string]any{"dataset": rel.dataset, "loads": loadIDs}},
		{"clients", baselineClientsCypher, map[string]any{"dataset": rel.dataset, "loads": loadIDs}},
		{"finish", baselineFinishCypher, map[string]any{"loads": loads, "dataset": rel.dataset}},
	}
	start := time.Now()
	for _, s := range steps {
		t0 := time.Now()
		if err := d.autocommit(ctx, s.cypher, s.params); err != nil {
			return 0, fmt.Errorf("LOAD CSV baseline, %s: %w", s.name, err)
		}
		fmt.Fprintf(w, "  LOAD CSV %-9s %6.1f s\n", s.name, time.Since(t0).Seconds())
	}
	// The share index is derived from the loaded posts by the same code
	// whichever way they were loaded; `iograph load` builds it at its end,
	// so the baseline's time includes it too.
	t0 := time.Now()
	if _, err := d.st.RefreshShareIndex(ctx, rel.dataset, o.workers); err != nil {
		return 0, fmt.Errorf("LOAD CSV baseline, share index: %w", err)
	}
	fmt.Fprintf(w, "  LOAD CSV %-9s %6.1f s\n", "shares", time.Since(t0).Seconds())
	return time.Since(start), nil
}

func linkOrCopy(src, dst string) error {
	if fi, err := os.Stat(dst); err == nil {
		if si, err := os.Stat(src); err == nil && os.SameFile(fi, si) {
			return nil
		}
		if err := os.Remove(dst); err != nil {
			return err
		}
	}
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// memoryRun loads the release with iograph alone, cut short after -prefix
// when the release is too big to load in full, and reports the loader's
// peak RSS and its timeline: memory must not grow with the file.
func memoryRun(ctx context.Context, o options, d *db, rel releaseFiles, w io.Writer) error {
	if err := d.wipe(ctx); err != nil {
		return err
	}
	cl, err := loadWithIograph(ctx, o, rel, filepath.Join(o.out, "memory-iograph"), o.prefix, w)
	if err != nil {
		return err
	}
	state := "loaded in full"
	if cl.stopped {
		state = fmt.Sprintf("stopped after %s", o.prefix)
	}
	fmt.Fprintf(w, "iograph load of %d tweets %s: %d rows read in %s (%.0f rows/s); peak RSS %.1f MiB\n",
		rel.tweets, state, cl.rows, cl.took.Round(time.Second), float64(cl.rows)/cl.took.Seconds(), float64(cl.maxRSSKB)/1024)
	fmt.Fprintf(w, "RSS timeline (elapsed, rows read, resident MiB):\n")
	step := max(1, len(cl.timeline)/20)
	for i, m := range cl.timeline {
		if i%step == 0 || i == len(cl.timeline)-1 {
			fmt.Fprintf(w, "  %8s %10d %8.1f\n", m.at.Round(time.Second), m.rowsNow, float64(m.rssKB)/1024)
		}
	}
	if !cl.stopped {
		return nil
	}
	// A load cut short leaves its resume markers; the next run wipes them.
	if err := d.wipe(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
