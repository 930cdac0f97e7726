// Command importbench measures, in one run on one machine, a first load of
// a generated Twitter IO release three ways, each into a Neo4j of its own
// (fresh data directories, started and stopped with scripts/neo4j):
//
//   - import: `iograph import` end to end (conversion and neo4j-admin), and
//     separately the finish on the started server (schema, links, share
//     indexes);
//   - admin: `neo4j-admin database import full` alone, on the files the
//     import converted (the baseline the conversion's cost is measured
//     against);
//   - online: `iograph load twitter-io` into an empty, started server.
//
// It prints the times, the ratios (admin/import, online/import) and peak
// RSS: of the iograph process alone (VmHWM, sampled), and of the whole
// command with its children (rusage, which includes neo4j-admin's JVM).
//
// -after-import runs a command (the serving benchmarks: bench/apibench,
// bench/netbench) against the imported, finished server before it stops;
// -cleanup deletes each store once measured, which a 10 M-tweet release
// needs (its release, CSV files and two stores do not fit in 60 GB).
//
//	go build -o /tmp/iograph ./cmd/iograph
//	go run ./bench/importbench -iograph /tmp/iograph -tweets 1000000 -accounts 20000 -work /tmp/importbench
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/iograph/iograph/bench/internal/benchkit"
	"github.com/iograph/iograph/loaders/bulk"
)

type options struct {
	iograph           string
	tweets            int64
	accounts          int
	work              string
	bolt, http        int
	heap, pagecache   string
	adminHeap         string
	memoryMB          int
	skipOnline        bool
	afterImport       string
	cleanup           bool
	password, scripts string
}

func main() {
	var o options
	flag.StringVar(&o.iograph, "iograph", "", "a built iograph binary (go build -o /tmp/iograph ./cmd/iograph)")
	flag.Int64Var(&o.tweets, "tweets", 1_000_000, "tweets of the generated release")
	flag.IntVar(&o.accounts, "accounts", 20_000, "accounts of the generated release")
	flag.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "importbench"), "folder for the release, the converted files and the data directories")
	flag.IntVar(&o.bolt, "bolt", 7738, "Bolt port of the servers the run starts (one at a time)")
	flag.IntVar(&o.http, "http", 7438, "HTTP port of the servers the run starts")
	flag.StringVar(&o.heap, "heap", "1g", "server heap (NEO4J_HEAP_SIZE)")
	flag.StringVar(&o.pagecache, "pagecache", "1g", "server page cache (NEO4J_PAGECACHE_SIZE)")
	flag.StringVar(&o.adminHeap, "admin-heap", "1g", "neo4j-admin's heap")
	flag.IntVar(&o.memoryMB, "memory-mb", 256, "the converter's in-memory budget (iograph import --memory-mb)")
	flag.BoolVar(&o.skipOnline, "skip-online", false, "do not measure the online loader")
	flag.StringVar(&o.afterImport, "after-import", "", "shell command run against the imported, finished server before it stops (NEO4J_URI, NEO4J_PASSWORD and NEO4J_DATA_DIR set): the serving benchmarks of an imported release")
	flag.BoolVar(&o.cleanup, "cleanup", false, "delete each database once measured, and the converted files after neo4j-admin alone: a 10 M release's three stores and its CSVs do not fit on the disk at once")
	flag.Parse()
	o.password = "iograph-dev-password"
	o.scripts = filepath.Join(benchkit.ModuleRoot(), "scripts", "neo4j")
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "importbench:", err)
		os.Exit(1)
	}
}

// measured is one timed command.
type measured struct {
	took    time.Duration
	ownHWM  int64 // KiB: the command's own peak RSS (VmHWM)
	treeRSS int64 // KiB: the largest of the command and its waited-for children (rusage)
}

func run(ctx context.Context, o options) error {
	if o.iograph == "" {
		return fmt.Errorf("-iograph is required")
	}
	rel := filepath.Join(o.work, fmt.Sprintf("release-%dt-%da", o.tweets, o.accounts))
	files, err := release(ctx, o, rel)
	if err != nil {
		return err
	}
	fmt.Printf("machine: %d CPUs, %s memory, load average %s\n", numCPU(), benchkit.MemTotal(), benchkit.LoadAvg())
	fmt.Printf("release: %s (%d tweets, %d accounts)\n\n", rel, o.tweets, o.accounts)

	// 1. iograph import end to end, then the finish on the started server
	importDir, conv := filepath.Join(o.work, "neo4j-import"), filepath.Join(o.work, "converted")
	os.RemoveAll(importDir)
	os.RemoveAll(conv)
	args := append([]string{"import", "--data-dir", importDir, "--work", conv, "--keep", "--start", "",
		"--synthetic", "--allow-rejects", "--heap", o.adminHeap, "--memory-mb", strconv.Itoa(o.memoryMB)}, files...)
	imp, err := measure(ctx, o, nil, o.iograph, args...)
	if err != nil {
		return fmt.Errorf("iograph import: %w", err)
	}
	fmt.Printf("import (convert + neo4j-admin): %s, iograph peak RSS %s, with neo4j-admin %s\n", imp.took.Round(time.Millisecond), mib(imp.ownHWM), mib(imp.treeRSS))
	if err := server(ctx, o, importDir, "start"); err != nil {
		return err
	}
	fin, err := measure(ctx, o, importDir, o.iograph, append([]string{"import", "--finish", "--neo4j-uri", o.uri()}, files...)...)
	if err == nil {
		fmt.Printf("finish on the server (schema, links, share indexes): %s\n", fin.took.Round(time.Millisecond))
		if o.afterImport != "" {
			fmt.Printf("\nafter the import, on the finished server: %s\n", o.afterImport)
			cmd := exec.CommandContext(ctx, "sh", "-c", o.afterImport)
			cmd.Env = o.env(importDir)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if aerr := cmd.Run(); aerr != nil {
				err = fmt.Errorf("-after-import: %w", aerr)
			}
			fmt.Println()
		}
	}
	server(ctx, o, importDir, "stop")
	if err != nil {
		return fmt.Errorf("iograph import --finish: %w", err)
	}
	if o.cleanup {
		os.RemoveAll(importDir)
	}

	// 2. neo4j-admin alone on the converted files
	adminDir := filepath.Join(o.work, "neo4j-admin")
	os.RemoveAll(adminDir)
	res, err := bulk.ReadConverted(conv)
	if err != nil {
		return err
	}
	home, err := bulk.FindHome()
	if err != nil {
		return err
	}
	t0 := time.Now()
	if err := (bulk.Admin{Home: home, DataDir: adminDir, Heap: o.adminHeap}).Import(ctx, res); err != nil {
		return err
	}
	admin := measured{took: time.Since(t0)}
	fmt.Printf("neo4j-admin alone: %s\n", admin.took.Round(time.Millisecond))
	os.RemoveAll(adminDir)
	if o.cleanup {
		os.RemoveAll(conv)
	}

	// 3. the online loader into an empty server
	var online measured
	if !o.skipOnline {
		onlineDir := filepath.Join(o.work, "neo4j-online")
		os.RemoveAll(onlineDir)
		if err := server(ctx, o, onlineDir, "start"); err != nil {
			return err
		}
		online, err = measure(ctx, o, onlineDir, o.iograph, append([]string{"load", "twitter-io", "--synthetic", "--allow-rejects", "--neo4j-uri", o.uri()}, files...)...)
		server(ctx, o, onlineDir, "stop")
		if err != nil {
			return fmt.Errorf("iograph load: %w", err)
		}
		fmt.Printf("online load: %s, iograph peak RSS %s\n", online.took.Round(time.Millisecond), mib(online.ownHWM))
		os.RemoveAll(onlineDir)
	}

	fmt.Printf("\nratios (same run):\n")
	fmt.Printf("  neo4j-admin alone / import        = %.2f   (goal ≥ 0.8)\n", admin.took.Seconds()/imp.took.Seconds())
	fmt.Printf("  conversion share of the import    = %.0f %%\n", 100*(1-admin.took.Seconds()/imp.took.Seconds()))
	if online.took > 0 {
		fmt.Printf("  online load / import              = %.1f×  (goal ≥ 10)\n", online.took.Seconds()/imp.took.Seconds())
		fmt.Printf("  online load / (import + finish)   = %.1f×\n", online.took.Seconds()/(imp.took+fin.took).Seconds())
	}
	return nil
}

func (o options) uri() string { return fmt.Sprintf("neo4j://127.0.0.1:%d", o.bolt) }

func (o options) env(dataDir string) []string {
	return append(os.Environ(), "NEO4J_DATA_DIR="+dataDir, fmt.Sprintf("NEO4J_BOLT_PORT=%d", o.bolt),
		fmt.Sprintf("NEO4J_HTTP_PORT=%d", o.http), "NEO4J_HEAP_SIZE="+o.heap, "NEO4J_PAGECACHE_SIZE="+o.pagecache,
		"NEO4J_PASSWORD="+o.password, "NEO4J_URI="+o.uri())
}

func server(ctx context.Context, o options, dataDir, verb string) error {
	cmd := exec.CommandContext(ctx, o.scripts, verb)
	cmd.Env = o.env(dataDir)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("scripts/neo4j %s: %w", verb, err)
	}
	return nil
}

// release generates the release once (the generator is deterministic).
func release(ctx context.Context, o options, dir string) ([]string, error) {
	find := func(part string) string {
		m, _ := filepath.Glob(filepath.Join(dir, "*_"+part+"_csv_hashed.csv"))
		if len(m) != 1 {
			return ""
		}
		return m[0]
	}
	if find("users") == "" || find("tweets") == "" {
		fmt.Fprintf(os.Stderr, "generating %d tweets for %d accounts into %s\n", o.tweets, o.accounts, dir)
		cmd := exec.CommandContext(ctx, o.iograph, "gen", "twitter-io", "--tweets", strconv.FormatInt(o.tweets, 10),
			"--accounts", strconv.Itoa(o.accounts), "--out", dir)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("iograph gen: %w", err)
		}
	}
	return []string{find("users"), find("tweets")}, nil
}

// measure runs a command, sampling its own peak RSS.
func measure(ctx context.Context, o options, dataDir any, bin string, args ...string) (measured, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	if d, ok := dataDir.(string); ok {
		cmd.Env = o.env(d)
	} else {
		cmd.Env = append(os.Environ(), "NEO4J_PASSWORD="+o.password)
	}
	logPath := filepath.Join(o.work, filepath.Base(bin)+"-"+args[0]+"-"+time.Now().UTC().Format("150405")+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return measured{}, err
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return measured{}, err
	}
	var hwm int64
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			if v := benchkit.ProcStatusKB(strconv.Itoa(cmd.Process.Pid), "VmHWM"); v > hwm {
				hwm = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	m := measured{took: time.Since(t0), ownHWM: hwm}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.treeRSS = ru.Maxrss
	}
	if err != nil {
		return m, fmt.Errorf("%v (see %s)", err, logPath)
	}
	return m, nil
}

func mib(kib int64) string { return fmt.Sprintf("%.0f MiB", float64(kib)/1024) }

func numCPU() int {
	b, _ := os.ReadFile("/proc/cpuinfo")
	return strings.Count(string(b), "processor\t:")
}
