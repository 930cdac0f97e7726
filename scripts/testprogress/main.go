// Command testprogress turns `go test -json` into one line per finished
// package (pass, FAIL or no tests, its time, the time since the start), so
// a long `make test` shows where it is. The output of a failed test, of a
// failed package and of a failed build is printed as go test prints it;
// the rest is dropped. It ends with a summary, and exits 1 when anything
// failed.
//
//	go test -json ./... | go run ./scripts/testprogress
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

func main() {
	failed, err := report(os.Stdin, os.Stdout, time.Now)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testprogress:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Elapsed    float64
	Output     string
	ImportPath string // build-output and build-fail
}

const module = "github.com/iograph/iograph/"

// report reads events from r and writes the progress to w; it says whether
// anything failed.
func report(r io.Reader, w io.Writer, now func() time.Time) (bool, error) {
	began := now()
	out := map[string]*strings.Builder{} // output per package and test, until it passes
	key := func(e event) string { return e.Package + "\x00" + e.Test }
	var passed, noTests int
	var failures []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			fmt.Fprintf(w, "%s\n", line) // not an event: go vet's or the toolchain's own words
			continue
		}
		name := strings.TrimPrefix(e.Package, module)
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "output":
			b := out[key(e)]
			if b == nil {
				b = &strings.Builder{}
				out[key(e)] = b
			}
			b.WriteString(e.Output)
		case "pass", "skip", "fail":
			text := out[key(e)]
			delete(out, key(e))
			if e.Test != "" {
				if e.Action == "fail" && text != nil {
					fmt.Fprint(w, text.String())
				}
				continue
			}
			verdict := "ok  "
			switch {
			case e.Action == "fail":
				verdict = "FAIL"
				failures = append(failures, name)
				if text != nil {
					fmt.Fprint(w, text.String())
				}
			case e.Action == "skip" || text != nil && strings.Contains(text.String(), "[no test files]"):
				verdict = "–   "
				noTests++
			default:
				passed++
			}
			fmt.Fprintf(w, "%s %-34s %7.1fs   (%s since the start)\n", verdict, name, e.Elapsed, now().Sub(began).Round(time.Second))
		}
	}
	if err := sc.Err(); err != nil {
		return true, err
	}
	sort.Strings(failures)
	fmt.Fprintf(w, "%d packages passed, %d failed, %d have no tests, in %s\n", passed, len(failures), noTests, now().Sub(began).Round(time.Second))
	if len(failures) > 0 {
		fmt.Fprintf(w, "FAILED: %s\n", strings.Join(failures, " "))
	}
	return len(failures) > 0, nil
}
