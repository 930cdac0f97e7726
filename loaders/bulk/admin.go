package bulk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/iograph/iograph/internal/apperr"
)

// Admin runs `neo4j-admin database import full` from the server
// distribution scripts/neo4j assembles, on the data directory it manages.
type Admin struct {
	Home    string // the distribution (NEO4J_HOME): its lib/ holds the jars
	DataDir string // NEO4J_DATA_DIR: conf/, data/, logs/, run/
	Java    string // default "java"
	Heap    string // the import tool's JVM heap (default 1g)
	Threads int    // default: the machine's CPUs
	Out     io.Writer
}

// FindHome finds the distribution scripts/neo4j fetched: IOGRAPH_CACHE_DIR
// (else $XDG_CACHE_HOME/iograph, else ~/.cache/iograph), its newest
// complete neo4j-community-* folder.
func FindHome() (string, error) {
	cache := os.Getenv("IOGRAPH_CACHE_DIR")
	if cache == "" {
		base := os.Getenv("XDG_CACHE_HOME")
		if base == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			base = filepath.Join(home, ".cache")
		}
		cache = filepath.Join(base, "iograph")
	}
	dists, _ := filepath.Glob(filepath.Join(cache, "neo4j-community-*"))
	sort.Strings(dists)
	for i := len(dists) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dists[i], ".complete")); err == nil {
			return dists[i], nil
		}
	}
	return "", apperr.New(apperr.BadInput, "no Neo4j distribution in %s: run scripts/neo4j start once (it fetches one), or pass --neo4j-home", cache)
}

// Check refuses a data directory whose database is running or exists: the
// bulk import writes a new database, and only into a stopped server.
func (a Admin) Check() error {
	if b, err := os.ReadFile(filepath.Join(a.DataDir, "run", "neo4j.pid")); err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 && syscall.Kill(pid, 0) == nil {
			return apperr.New(apperr.BadInput, "import: the Neo4j of %s is running (pid %d): stop it first (scripts/neo4j stop with NEO4J_DATA_DIR=%s); the bulk import writes into a stopped server", a.DataDir, pid, a.DataDir)
		}
	}
	db := filepath.Join(a.DataDir, "data", "databases", "neo4j")
	if entries, err := os.ReadDir(db); err == nil && len(entries) > 0 {
		return apperr.New(apperr.BadInput, "import: %s already holds a database (%s): the bulk import writes a new, empty database only; load into it online (iograph load), or import into an empty data directory (scripts/neo4j reset, or another NEO4J_DATA_DIR)", a.DataDir, db)
	}
	if _, err := os.Stat(filepath.Join(a.Home, "lib")); err != nil {
		return apperr.New(apperr.BadInput, "import: %s is not a Neo4j distribution (no lib/)", a.Home)
	}
	return nil
}

// Import runs the import tool on the files of res.
func (a Admin) Import(ctx context.Context, res *Result) error {
	if err := a.Check(); err != nil {
		return err
	}
	if strings.ContainsAny(res.Dir, ",") {
		// neo4j-admin splits its lists of files at commas
		return apperr.New(apperr.BadInput, "import: the folder of the converted files (%s) has a comma in its path; neo4j-admin cannot read it (--work)", res.Dir)
	}
	conf := filepath.Join(res.Dir, "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		return err
	}
	for _, d := range []string{"data", "logs"} {
		if err := os.MkdirAll(filepath.Join(a.DataDir, d), 0o755); err != nil {
			return err
		}
	}
	// The server reads the same folders (scripts/neo4j writes its own
	// neo4j.conf naming them on every start).
	settings := fmt.Sprintf("server.directories.data=%s\nserver.directories.logs=%s\n",
		filepath.Join(a.DataDir, "data"), filepath.Join(a.DataDir, "logs"))
	if err := os.WriteFile(filepath.Join(conf, "neo4j.conf"), []byte(settings), 0o644); err != nil {
		return err
	}
	java, heap, threads := a.Java, a.Heap, a.Threads
	if java == "" {
		java = "java"
	}
	if heap == "" {
		heap = "1g"
	}
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	args := []string{"-Xmx" + heap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
		"--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
		"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
		"-cp", filepath.Join(a.Home, "lib", "*"), "org.neo4j.cli.AdminTool", "database", "import", "full",
		"neo4j", "--id-type=string", "--array-delimiter=" + arrayDelimiterArg, "--multiline-fields=true",
		"--skip-bad-relationships=false", "--skip-duplicate-nodes=false", "--bad-tolerance=0",
		"--threads=" + strconv.Itoa(threads), "--report-file=" + filepath.Join(res.Dir, "import.report")}
	if n := readBufferKiB(res); n > 0 {
		args = append(args, fmt.Sprintf("--read-buffer-size=%dk", n))
	}
	for _, f := range res.Nodes {
		args = append(args, "--nodes="+f.Label+"="+f.Path)
	}
	for _, f := range res.Relationships {
		args = append(args, "--relationships="+f.Label+"="+f.Path)
	}
	cmd := exec.CommandContext(ctx, java, args...)
	cmd.Env = append(os.Environ(), "NEO4J_HOME="+a.Home, "NEO4J_CONF="+conf)
	out := a.Out
	if out == nil {
		out = io.Discard
	}
	var tail tailWriter
	cmd.Stdout, cmd.Stderr = io.MultiWriter(out, &tail), io.MultiWriter(out, &tail)
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("import: neo4j-admin database import failed (%v); its last output:\n%s", err, tail.String())
		}
		return fmt.Errorf("import: run neo4j-admin (%s): %w", java, err)
	}
	return nil
}

// tailWriter keeps the last few KiB written to it.
type tailWriter struct{ b []byte }

func (t *tailWriter) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 4096 {
		t.b = t.b[len(t.b)-4096:]
	}
	return len(p), nil
}

func (t *tailWriter) String() string { return string(t.b) }

// defaultReadBuffer is neo4j-admin's read buffer (--read-buffer-size): a
// field longer than it fails the whole import ("Tried to read a field
// larger than buffer size"). A share index's chunk of a release with few,
// busy accounts is longer (a 1 M-tweet release of 5,000 accounts wrote
// chunks of up to 10 MB), and so is a field of quotes under a raised
// --max-field-bytes (each doubled).
const defaultReadBuffer = 4 << 20

// readBufferKiB is the read buffer the converted files need, in KiB, or 0
// when neo4j-admin's default holds their longest line: that line, with a
// quarter more and a MiB to spare, rounded up to a MiB.
func readBufferKiB(res *Result) int64 {
	var longest int64
	for _, fs := range [][]File{res.Nodes, res.Relationships} {
		for _, f := range fs {
			longest = max(longest, f.Longest)
		}
	}
	if longest < defaultReadBuffer*3/4 {
		return 0
	}
	need := longest + longest/4 + 1<<20
	return (need + 1<<20 - 1) >> 20 << 10
}
