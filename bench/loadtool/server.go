package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/iograph/iograph/bench/internal/benchkit"
)

const (
	modeStarted  = "started"
	modeAttached = "attached"
)

// ServerInfo is the server under load.
type ServerInfo struct {
	Mode      string `json:"mode"`
	URL       string `json:"url"`
	PID       int    `json:"pid,omitempty"`
	RateLimit string `json:"rate_limit,omitempty"` // serve --rate-limit of a started server
	Log       string `json:"log,omitempty"`
	// Exited is how a started server ended before the tool stopped it
	// (empty: it did not).
	Exited string `json:"exited_during_run,omitempty"`
	// LogErrors counts the server's ERROR log lines by message and kind.
	LogErrors map[string]int `json:"log_errors,omitempty"`
}

// server is a started or attached server.
type server struct {
	info ServerInfo
	cmd  *exec.Cmd
	done chan struct{} // closed when a started server's process has ended
	err  error         // its Wait result, once done is closed
	once sync.Once
}

// output runs the iograph binary and returns what it printed on stdout.
func output(ctx context.Context, bin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %v: %s", filepath.Base(bin), strings.Join(args[:min(2, len(args))], " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// Release is the generated release the run loaded (or found loaded).
type Release struct {
	Dir      string  `json:"dir"`
	Tweets   int64   `json:"tweets"`
	Accounts int     `json:"accounts"`
	LoadSecs float64 `json:"load_seconds"` // 0-ish when the load was skipped as already done
	Load     string  `json:"load_summary"`
}

// prepareData generates the release once per size (the generator is
// deterministic, so the same folder holds the same bytes) and loads it; a
// load of bytes already loaded skips them, so a second run costs seconds.
func prepareData(ctx context.Context, o options, w io.Writer) (*Release, error) {
	r := &Release{Dir: filepath.Join(o.work, fmt.Sprintf("twitter-io-%dt-%da", o.genTweets, o.genAccounts)),
		Tweets: o.genTweets, Accounts: o.genAccounts}
	find := func(part string) string {
		m, _ := filepath.Glob(filepath.Join(r.Dir, "*_"+part+"_csv_hashed.csv"))
		if len(m) != 1 {
			return ""
		}
		return m[0]
	}
	if find("tweets") == "" || find("users") == "" {
		fmt.Fprintf(w, "generating %d tweets for %d accounts into %s\n", o.genTweets, o.genAccounts, r.Dir)
		out, err := output(ctx, o.iograph, "gen", "twitter-io", "--tweets", strconv.FormatInt(o.genTweets, 10),
			"--accounts", strconv.Itoa(o.genAccounts), "--out", r.Dir)
		if err != nil {
			return nil, err
		}
		fmt.Fprint(w, out)
	}
	users, tweets := find("users"), find("tweets")
	if users == "" || tweets == "" {
		return nil, fmt.Errorf("%s holds no single users and tweets file", r.Dir)
	}
	logPath := filepath.Join(o.work, "load-"+stamp()+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	fmt.Fprintf(w, "loading %s (skipped if already loaded; log %s)\n", r.Dir, logPath)
	t0 := time.Now()
	cmd := exec.CommandContext(ctx, o.iograph, "load", "twitter-io", "--synthetic", users, tweets)
	var summary bytes.Buffer
	cmd.Stdout = io.MultiWriter(&summary, logFile)
	cmd.Stderr = logFile
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("iograph load: %v (see %s)", err, logPath)
	}
	r.LoadSecs = time.Since(t0).Seconds()
	lines := strings.Split(strings.TrimSpace(summary.String()), "\n")
	r.Load = lines[len(lines)-1]
	fmt.Fprintf(w, "%s\n", summary.String())
	return r, nil
}

func stamp() string { return time.Now().UTC().Format("20060102T150405Z") }

// serverFor starts the server, or checks that the attached one answers.
func serverFor(ctx context.Context, o options, w io.Writer) (*server, error) {
	if o.url != "" {
		s := &server{info: ServerInfo{Mode: modeAttached, URL: o.url, PID: o.pid}}
		if o.pid > 0 {
			if _, err := os.Stat(fmt.Sprintf("/proc/%d/status", o.pid)); err != nil {
				return nil, fmt.Errorf("-pid %d: %w", o.pid, err)
			}
		}
		return s, waitReady(ctx, s, 10*time.Second)
	}
	logPath := filepath.Join(o.work, "serve-"+stamp()+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	rate := strconv.FormatFloat(o.rateLimit, 'f', -1, 64)
	// Not CommandContext: the server is stopped with SIGTERM, gracefully.
	cmd := exec.Command(o.iograph, "serve", "--addr", o.addr, "--rate-limit", rate, "--log-format", "json", "--shutdown-grace", "5s")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start the server: %w", err)
	}
	s := &server{cmd: cmd, done: make(chan struct{}),
		info: ServerInfo{Mode: modeStarted, PID: cmd.Process.Pid, RateLimit: rate, Log: logPath}}
	go func() {
		s.err = cmd.Wait()
		logFile.Close()
		close(s.done)
	}()
	fmt.Fprintf(w, "starting %s serve --addr %s --rate-limit %s (log %s)\n", o.iograph, o.addr, rate, logPath)
	addr, err := s.listenAddr(ctx, 2*time.Minute)
	if err != nil {
		s.stop(w)
		return nil, err
	}
	s.info.URL = "http://" + addr
	if err := waitReady(ctx, s, time.Minute); err != nil {
		s.stop(w)
		return nil, err
	}
	return s, nil
}

// listenAddr reads the server's log until it says where it listens (it
// logs `"msg":"serving","addr":…` once migrated and listening).
func (s *server) listenAddr(ctx context.Context, limit time.Duration) (string, error) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if f, err := os.Open(s.info.Log); err == nil {
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				var line struct{ Msg, Addr string }
				if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" && line.Addr != "" {
					f.Close()
					if host, _, err := net.SplitHostPort(line.Addr); err != nil || !loopbackHost(host) {
						return "", fmt.Errorf("the server listens on %s, not loopback", line.Addr)
					}
					return line.Addr, nil
				}
			}
			f.Close()
		}
		select {
		case <-s.done:
			return "", fmt.Errorf("the server exited before listening (%v); see %s", s.err, s.info.Log)
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return "", fmt.Errorf("the server did not listen within %s; see %s", limit, s.info.Log)
}

// waitReady waits for /readyz (the server answers and Neo4j does).
func waitReady(ctx context.Context, s *server, limit time.Duration) error {
	c := &http.Client{Transport: &http.Transport{DialContext: loopbackDial}, Timeout: 3 * time.Second}
	defer c.CloseIdleConnections()
	deadline := time.Now().Add(limit)
	var last string
	for time.Now().Before(deadline) && ctx.Err() == nil {
		resp, err := c.Get(s.info.URL + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("%s/readyz did not answer 200 within %s (last: %s)", s.info.URL, limit, last)
}

// exited says how a started server ended, if it ended before stop.
func (s *server) exited() string {
	if s.done == nil {
		return ""
	}
	select {
	case <-s.done:
		if s.err == nil {
			return "exit status 0"
		}
		return s.err.Error()
	default:
		return ""
	}
}

// stop ends a started server: SIGTERM, then SIGKILL if it has not exited
// within its shutdown grace (5 s) and a margin.
func (s *server) stop(w io.Writer) {
	if s.cmd == nil {
		return
	}
	s.once.Do(func() {
		select {
		case <-s.done:
			return
		default:
		}
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
			fmt.Fprintf(w, "server stopped (SIGTERM)\n")
		case <-time.After(15 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.done
			fmt.Fprintf(w, "server killed: it did not stop within 15 s of SIGTERM\n")
		}
	})
}

// logErrors counts a started server's ERROR log lines by message (and
// error kind, when the line has one).
func (s *server) logErrors() map[string]int {
	if s.info.Log == "" {
		return nil
	}
	f, err := os.Open(s.info.Log)
	if err != nil {
		return nil
	}
	defer f.Close()
	counts := map[string]int{}
	r := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := r.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) { // a line over 1 MiB: read on to its end
			_, err = r.ReadSlice('\n')
		}
		if bytes.Contains(line, []byte(`"level":"ERROR"`)) {
			var l struct{ Msg, Kind string }
			_ = json.Unmarshal(line, &l)
			key := l.Msg
			if l.Kind != "" {
				key += " kind=" + l.Kind
			}
			counts[key]++
		}
		if err != nil {
			break
		}
	}
	return counts
}

// identitySet holds the users' API tokens: one per well-behaved client and
// one for the abusive client.
type identitySet struct {
	clients []string
	abuser  string
}

func clientUser(i int) string { return fmt.Sprintf("lt-client-%02d", i+1) }

const abuserUser = "lt-abuser"

// identities creates the users with the command line (an existing user is
// left as it is) and a one-day token for each; the secrets stay in memory.
func identities(ctx context.Context, bin string, n int, w io.Writer) (identitySet, error) {
	t0 := time.Now()
	type job struct {
		user, role string
		secret     *string
	}
	var ids identitySet
	ids.clients = make([]string, n)
	jobs := make([]job, 0, n+1)
	for i := range n {
		jobs = append(jobs, job{clientUser(i), "analyst", &ids.clients[i]})
	}
	jobs = append(jobs, job{abuserUser, "viewer", &ids.abuser})
	sem := make(chan struct{}, min(4, runtime.NumCPU()*2))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if _, err := output(ctx, bin, "users", "add", j.user, "--role", j.role, "--exists-ok"); err != nil {
				errs[i] = err
				return
			}
			out, err := output(ctx, bin, "tokens", "create", j.user, "--expires", "1d", "--note", "bench/loadtool")
			if err != nil {
				errs[i] = err
				return
			}
			secret := strings.TrimSpace(out)
			if secret == "" || strings.ContainsAny(secret, " \n\t") {
				errs[i] = fmt.Errorf("tokens create %s printed no single secret", j.user)
				return
			}
			*j.secret = secret
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return ids, err
	}
	fmt.Fprintf(w, "users: %s … %s (analyst), %s (viewer), a 1-day token each (%s)\n",
		clientUser(0), clientUser(n-1), abuserUser, time.Since(t0).Round(100*time.Millisecond))
	return ids, nil
}

// machine describes where the run happened.
func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %s, load average %s, %s", runtime.NumCPU(), model, benchkit.MemTotal(), benchkit.LoadAvg(), runtime.Version())
}

// redactedNeo4j names the Neo4j in use without credentials.
func redactedNeo4j() string {
	u, err := url.Parse(os.Getenv("NEO4J_URI"))
	if err != nil {
		return "(unparsable NEO4J_URI)"
	}
	u.User = nil
	return u.String()
}

// neo4jPID is the local Neo4j's process id when scripts/neo4j runs it
// ($NEO4J_DATA_DIR/run/neo4j.pid), to report its CPU; 0 otherwise.
func neo4jPID() int {
	dd := os.Getenv("NEO4J_DATA_DIR")
	if dd == "" {
		return 0
	}
	b, err := os.ReadFile(filepath.Join(dd, "run", "neo4j.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	if pid <= 0 {
		return 0
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d/stat", pid)); err != nil {
		return 0
	}
	return pid
}

// sortedKeys lists a count map's keys, largest count first.
func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
