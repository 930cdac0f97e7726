// Package benchkit is what the benchmark commands share: building the
// binary under test from this checkout and describing the machine, so that
// every bench/README number says what produced it.
package benchkit

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Build compiles ./cmd/iograph of this module into dir and returns the
// binary's path: a benchmark measures the code of the checkout it runs in.
func Build(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "iograph")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/iograph")
	cmd.Dir = ModuleRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build iograph: %v\n%s", err, out)
	}
	return bin, nil
}

// ModuleRoot is the folder of go.mod, found upwards from the working
// directory (a benchmark runs from anywhere inside the module).
func ModuleRoot() string {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// MemTotal is the machine's memory as /proc/meminfo states it, or "?".
func MemTotal() string {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return "?"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, _ := strconv.ParseFloat(fields[1], 64)
			return fmt.Sprintf("%.1f GiB", kb/1024/1024)
		}
	}
	return "?"
}

// LoadAvg is the 1, 5 and 15 minute load averages, or "?": a busy machine
// explains a slow run.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// ProcStatusKB is one kB field of a process's /proc/PID/status (VmRSS, its
// resident set now; VmHWM, its peak), or 0 when the process or the field is
// gone.
func ProcStatusKB(pid, field string) int64 {
	f, err := os.Open(filepath.Join("/proc", pid, "status"))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}
