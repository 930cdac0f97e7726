package readme_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/neo4jtest"
)

// block is one fenced block of README.md.
type block struct {
	line   int    // of the opening fence
	lang   string // sh, graphql, …
	text   string
	skip   string // the reason of a readme-test: skip marker
	output *block // the block marked as what this one prints
}

func (b block) shell() bool   { return b.lang == "sh" || b.lang == "bash" || b.lang == "shell" }
func (b block) graphql() bool { return b.lang == "graphql" }

var markerRE = regexp.MustCompile(`^<!-- readme-test: (\w+)(?: \((.+)\))? -->$`)

// parseBlocks splits a Markdown text into its runnable blocks, with the
// markers of package readme applied. A block the test would not know what
// to do with (an unknown marker, a stray output block, a language it cannot
// run and no marker) is an error naming its line, so nothing is left out
// silently.
func parseBlocks(md string) ([]block, error) {
	var out []block
	lines := strings.Split(md, "\n")
	prev := "" // the last non-blank line outside a block
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if !strings.HasPrefix(l, "```") {
			if strings.TrimSpace(l) != "" {
				prev = strings.TrimSpace(l)
			}
			continue
		}
		b := block{line: i + 1, lang: strings.TrimSpace(strings.TrimPrefix(l, "```"))}
		var body []string
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			body = append(body, lines[i])
		}
		if i == len(lines) {
			return nil, fmt.Errorf("README.md line %d: the block is never closed", b.line)
		}
		b.text = strings.Join(body, "\n") + "\n"
		marker, reason := "", ""
		if m := markerRE.FindStringSubmatch(prev); m != nil {
			marker, reason = m[1], m[2]
		} else if strings.Contains(prev, "readme-test") {
			return nil, fmt.Errorf("README.md line %d: %q is not a marker (<!-- readme-test: skip (why) --> or <!-- readme-test: output -->)", b.line, prev)
		}
		prev = ""
		switch marker {
		case "skip":
			if reason == "" {
				return nil, fmt.Errorf("README.md line %d: a skip marker says why: <!-- readme-test: skip (why) -->", b.line)
			}
			b.skip = reason
		case "output":
			if len(out) == 0 || out[len(out)-1].skip != "" || out[len(out)-1].output != nil {
				return nil, fmt.Errorf("README.md line %d: an output block follows the block that prints it", b.line)
			}
			out[len(out)-1].output = &b
			continue
		case "":
			if !b.shell() && !b.graphql() {
				return nil, fmt.Errorf("README.md line %d: a %q block cannot run: mark it <!-- readme-test: skip (why) --> or <!-- readme-test: output -->", b.line, b.lang)
			}
		default:
			return nil, fmt.Errorf("README.md line %d: unknown marker %q (skip or output)", b.line, marker)
		}
		out = append(out, b)
	}
	return out, nil
}

func TestParseBlocks(t *testing.T) {
	for _, tc := range []struct {
		name, md string
		want     []block // lang, text, skip and output's text only
		err      string
	}{
		{name: "runnable and skipped",
			md: "# x\n```sh\necho hi\n```\ntext\n<!-- readme-test: skip (needs Docker) -->\n```sh\ndocker compose up\n```\n```graphql\n{ stats { nodes { label } } }\n```\n",
			want: []block{{lang: "sh", text: "echo hi\n"}, {lang: "sh", text: "docker compose up\n", skip: "needs Docker"},
				{lang: "graphql", text: "{ stats { nodes { label } } }\n"}}},
		{name: "output after its block",
			md:   "```sh\necho hi\n```\n\n<!-- readme-test: output -->\n\n```text\nhi\n```\n",
			want: []block{{lang: "sh", text: "echo hi\n", output: &block{lang: "text", text: "hi\n"}}}},
		{name: "a marker reaches only the next block",
			md:   "<!-- readme-test: skip (x) -->\n```sh\na\n```\n```sh\nb\n```\n",
			want: []block{{lang: "sh", text: "a\n", skip: "x"}, {lang: "sh", text: "b\n"}}},
		{name: "unknown language", md: "```python\nprint(1)\n```\n", err: `line 1: a "python" block cannot run`},
		{name: "skip without reason", md: "<!-- readme-test: skip -->\n```sh\na\n```\n", err: "says why"},
		{name: "misspelt marker", md: "<!-- readme-test skip (x) -->\n```sh\na\n```\n", err: "is not a marker"},
		{name: "unknown marker", md: "<!-- readme-test: maybe -->\n```sh\na\n```\n", err: `unknown marker "maybe"`},
		{name: "output first", md: "<!-- readme-test: output -->\n```text\na\n```\n", err: "follows the block"},
		{name: "output of a skipped block", md: "<!-- readme-test: skip (x) -->\n```sh\na\n```\n<!-- readme-test: output -->\n```text\na\n```\n", err: "follows the block"},
		{name: "unclosed", md: "```sh\na\n", err: "line 1: the block is never closed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseBlocks(tc.md)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				got[i].line = 0
				if got[i].output != nil {
					got[i].output = &block{lang: got[i].output.lang, text: got[i].output.text}
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// root is the project folder.
func root(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	buildOnce sync.Once
	buildErr  error
)

// buildBinary builds bin/iograph as `make build` does.
func buildBinary(t *testing.T) {
	t.Helper()
	buildOnce.Do(func() {
		cmd := exec.Command("go", "build", "-o", "bin/iograph", "./cmd/iograph")
		cmd.Dir = root(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

// pathRE finds what the README names as a path of the project: a token
// starting with one of its folders, or one of its root files. Paths under
// .iograph/ are made by make run and make test, and ../ is outside.
var pathRE = regexp.MustCompile(`(?:^|[^\w./-])((?:bin|demo|docs|scripts|web|internal|cmd|bench|loaders|schema|graph|resolvers|\.ci)/[^\s` + "`" + `)(\[\]"'|,;]*|docker-compose\.yml|Dockerfile|Makefile)`)

func TestREADMEPathsExist(t *testing.T) {
	buildBinary(t)
	seen := map[string]bool{}
	for _, m := range pathRE.FindAllStringSubmatch(readme(t), -1) {
		p := strings.TrimRight(m[1], ".:")
		if seen[p] {
			continue
		}
		seen[p] = true
		matches, err := filepath.Glob(filepath.Join(root(t), p))
		if err != nil || len(matches) == 0 {
			t.Errorf("README.md names %s, which does not exist", p)
		}
	}
	if len(seen) < 20 {
		t.Fatalf("found %d paths in README.md; the pattern no longer matches how it names them", len(seen))
	}
	t.Logf("README.md names %d paths; each exists", len(seen))
}

func TestREADMERunsAsWritten(t *testing.T) {
	blocks, err := parseBlocks(readme(t))
	if err != nil {
		t.Fatal(err)
	}
	neo4jtest.Fresh(t) // holds the test Neo4j, wiped; make run loads the demo into it
	cfg := neo4jtest.Config(t)
	dir := root(t)
	env := []string{"NEO4J_URI=" + cfg.URI, "NEO4J_USER=" + cfg.User, "NEO4J_PASSWORD=" + cfg.Password, "NEO4J_DATABASE=" + cfg.Database}
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(name, "NEO4J_") && !strings.HasPrefix(name, "IOGRAPH_") {
			env = append(env, kv)
		}
	}
	addr := startMakeRun(t, dir, env)

	secret, err := command(dir, env, "bin/iograph", "tokens", "create", "admin", "--expires", "1d").Output()
	if err != nil {
		t.Fatalf("tokens create admin: %v", err)
	}
	token := strings.TrimSpace(string(secret))

	// A folder of links to the project's entries: what blocks write lands here.
	work := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != ".git" {
			if err := os.Symlink(filepath.Join(dir, e.Name()), filepath.Join(work, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}

	var shells, queries, outputs int
	var skipped []string
	for _, b := range blocks {
		if b.skip != "" {
			skipped = append(skipped, fmt.Sprintf("line %d (%s)", b.line, b.skip))
			continue
		}
		var got string
		var ok bool
		if b.shell() {
			shells++
			got, ok = runShell(t, b, work, env, addr)
		} else {
			queries++
			got, ok = runGraphQL(t, b, addr, token)
		}
		if b.output == nil || !ok {
			continue
		}
		outputs++
		if b.shell() && got != b.output.text {
			t.Errorf("README.md line %d prints\n%s\nthe README says (line %d)\n%s", b.line, got, b.output.line, b.output.text)
		}
		if b.graphql() {
			var a, w any
			if err := json.Unmarshal([]byte(b.output.text), &w); err != nil {
				t.Errorf("README.md line %d: the answer shown is not JSON: %v", b.output.line, err)
			} else if _ = json.Unmarshal([]byte(got), &a); !reflect.DeepEqual(a, w) {
				t.Errorf("README.md line %d answers\n%s\nthe README says (line %d)\n%s", b.line, got, b.output.line, b.output.text)
			}
		}
	}
	if shells == 0 || queries == 0 {
		t.Fatalf("ran %d shell and %d GraphQL blocks: the README has lost its examples, or the parser its way", shells, queries)
	}
	t.Logf("README.md: ran %d shell and %d GraphQL blocks, compared %d outputs; skipped %d: %s",
		shells, queries, outputs, len(skipped), strings.Join(skipped, "; "))
}

func command(dir string, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	return cmd
}

// startMakeRun runs `make run` against the test's Neo4j on a free port and
// waits until it answers /readyz: then the demo is loaded and the server
// is up. It is stopped (its whole process group) when the test ends.
func startMakeRun(t *testing.T, dir string, env []string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	logPath := filepath.Join(t.TempDir(), "make-run.log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close() // the process holds its own descriptor
	logText := func() string { b, _ := os.ReadFile(logPath); return string(b) }
	cmd := command(dir, append(env, "IOGRAPH_ADDR="+addr), "make", "run")
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	began := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("make run: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	deadline := time.After(15 * time.Minute)
	for {
		select {
		case err := <-exited:
			t.Fatalf("make run exited (%v) before serving:\n%s", err, logText())
		case <-deadline:
			t.Fatalf("make run did not answer /readyz on %s within 15 minutes:\n%s", addr, logText())
		case <-time.After(250 * time.Millisecond):
		}
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				t.Logf("make run answered /readyz after %s (%d log lines)", time.Since(began).Round(time.Second), strings.Count(logText(), "\n"))
				return addr
			}
		}
	}
}

// runShell runs a shell block as written but for the server's port, and
// returns its standard output and whether it exited 0.
func runShell(t *testing.T, b block, work string, env []string, addr string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	script := strings.ReplaceAll(b.text, "localhost:8080", addr)
	cmd := exec.CommandContext(ctx, "bash", "-e", "-o", "pipefail", "-x", "-c", script)
	cmd.Dir, cmd.Env = work, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Errorf("README.md line %d: the block fails (%v); its trace and errors:\n%s\nits output:\n%s", b.line, err, stderr.String(), stdout.String())
		return stdout.String(), false
	}
	return stdout.String(), true
}

// runGraphQL posts a GraphQL block as an admin would from the Playground,
// fails the test unless the answer has data and no errors, and returns it.
func runGraphQL(t *testing.T, b block, addr, token string) (string, bool) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": b.text})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	c := http.Client{Timeout: 2 * time.Minute}
	resp, err := c.Do(req)
	if err != nil {
		t.Errorf("README.md line %d: %v", b.line, err)
		return "", false
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var answer struct {
		Data   map[string]any    `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("README.md line %d: HTTP %d, %v:\n%s", b.line, resp.StatusCode, err, raw)
		return string(raw), false
	}
	if len(answer.Errors) > 0 || len(answer.Data) == 0 {
		t.Errorf("README.md line %d: the answer has errors or no data:\n%s", b.line, raw)
		return string(raw), false
	}
	return string(raw), true
}
