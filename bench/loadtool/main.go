// Command loadtool puts a bounded loopback load on an iograph server: a
// fixed number of well-behaved clients, each signed in as its own user, send
// a weighted mix of account cards, amplifiers and network queries (and a
// cheap `me`) for a fixed time, first alone (the idle baseline) and then
// while an abusive client sends hostile requests in a loop: a fragment bomb,
// thousands of aliases, 20,000 `__typename`, a 9 MB search string, a 2 MB
// body, invalid JSON, a wrong content type and a bad token. It prints
// throughput, p50/p99 per query kind, the well-behaved clients' errors (which
// must be 0), what each hostile case got back and how long it took, and the
// server's resident memory sampled every second. See bench/README.md.
//
// It starts the server itself (-iograph BIN, on a free loopback port, with
// the NEO4J_* environment) so it can read the server's memory from /proc, or
// attaches to a running one (-url, -pid). It talks to loopback only, stops by
// itself, and exits non-zero when a well-behaved client saw any error.
//
//	NEO4J_URI=neo4j://127.0.0.1:47687 NEO4J_PASSWORD=… go run ./bench/loadtool \
//	    -iograph bin/iograph -gen-tweets 200000 -gen-accounts 5000 -clients 32 -duration 60s -out lt.json
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
	"strings"
	"syscall"
	"time"
)

type options struct {
	iograph      string
	url          string
	pid          int
	addr         string
	rateLimit    float64
	clients      int
	duration     time.Duration
	warmup       time.Duration
	timeout      time.Duration
	abuseTimeout time.Duration
	abuse        string
	abusers      int
	mix          string
	seeds        int
	scan         int
	search       string
	genTweets    int64
	genAccounts  int
	work         string
	out          string
	failOnAbuse  bool
	skipIdle     bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code, err := run(ctx, os.Args[1:], os.Stdout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadtool: %v\n", err)
		if code == 0 {
			code = 2
		}
	}
	os.Exit(code)
}

// run returns the exit code: 0, 1 when a well-behaved client saw an error
// (or, with -fail-on-abuse, a hostile case got a 5xx, INTERNAL or no answer),
// 2 when the run could not be made.
func run(ctx context.Context, args []string, stdout io.Writer) (int, error) {
	var o options
	fs := flag.NewFlagSet("loadtool", flag.ContinueOnError)
	fs.StringVar(&o.iograph, "iograph", "", "a built iograph binary (make build: bin/iograph); runs gen, load, users, tokens and, without -url, serve")
	fs.StringVar(&o.url, "url", "", "attach to this running server instead of starting one (loopback only), e.g. http://127.0.0.1:8080")
	fs.IntVar(&o.pid, "pid", 0, "with -url: the server's process id, to sample its memory (default: none)")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "where a started server listens (loopback only; port 0: a free one)")
	fs.Float64Var(&o.rateLimit, "rate-limit", 1000, "serve --rate-limit of a started server (requests a second per user)")
	fs.IntVar(&o.clients, "clients", 32, "well-behaved clients, each its own user lt-client-NN")
	fs.DurationVar(&o.duration, "duration", 60*time.Second, "length of the idle phase and of the phase under abuse")
	fs.DurationVar(&o.warmup, "warmup", 10*time.Second, "unmeasured warm-up with the well-behaved mix before the idle phase (0: none)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "per-request timeout of the well-behaved clients")
	fs.DurationVar(&o.abuseTimeout, "abuse-timeout", 5*time.Second, "per-request timeout of the abusive client")
	fs.StringVar(&o.abuse, "abuse", "all", "hostile cases, comma-separated, or all, or none: "+strings.Join(caseNames(), ","))
	fs.IntVar(&o.abusers, "abusers", 1, "abusive clients (each loops over the cases from its own starting point)")
	fs.StringVar(&o.mix, "mix", defaultMix, "weights of the well-behaved queries: "+strings.Join(kindNames(), ", "))
	fs.IntVar(&o.seeds, "seeds", 20, "seed accounts to rotate through: those with the most amplifiers")
	fs.IntVar(&o.scan, "scan", 5000, "accounts to look at when picking the seeds")
	fs.StringVar(&o.search, "search", "", "searchAccounts text that lists the accounts to look at (default: the accounts of creationBatches)")
	fs.Int64Var(&o.genTweets, "gen-tweets", 0, "generate (iograph gen twitter-io) and load a release of this many tweets first; 0: use what is loaded")
	fs.IntVar(&o.genAccounts, "gen-accounts", 5000, "accounts of the generated release")
	fs.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "iograph-loadtool"), "where generated releases and the started server's log go")
	fs.StringVar(&o.out, "out", "", "write the result as JSON to this file")
	fs.BoolVar(&o.failOnAbuse, "fail-on-abuse", false, "also exit 1 when a hostile case got a 5xx, an INTERNAL error or no answer in time")
	fs.BoolVar(&o.skipIdle, "skip-idle", false, "run only the phase under abuse (no baseline, no ratio)")
	if err := fs.Parse(args); err != nil {
		return 2, err
	}
	if fs.NArg() > 0 {
		return 2, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	mix, err := parseMix(o.mix)
	if err != nil {
		return 2, err
	}
	cases, err := selectCases(o.abuse)
	if err != nil {
		return 2, err
	}
	if err := o.check(); err != nil {
		return 2, err
	}

	res := &Result{Tool: "bench/loadtool", Started: time.Now().UTC(), Config: o.config(mix, cases)}
	res.Machine = machine()
	fmt.Fprintf(stdout, "machine: %s\nneo4j: %s\n", res.Machine, redactedNeo4j())
	if v, err := output(ctx, o.iograph, "version"); err == nil {
		res.IographVersion = strings.TrimSpace(v)
	}
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return 2, err
	}
	if o.genTweets > 0 {
		if res.Release, err = prepareData(ctx, o, stdout); err != nil {
			return 2, err
		}
	}

	srv, err := serverFor(ctx, o, stdout)
	if err != nil {
		return 2, err
	}
	defer srv.stop(stdout)
	res.Server = srv.info
	fmt.Fprintf(stdout, "server: %s (%s", srv.info.URL, srv.info.Mode)
	if srv.info.PID > 0 {
		fmt.Fprintf(stdout, ", pid %d", srv.info.PID)
	}
	if srv.info.RateLimit != "" {
		fmt.Fprintf(stdout, ", --rate-limit %s", srv.info.RateLimit)
	}
	if srv.info.Log != "" {
		fmt.Fprintf(stdout, ", log %s", srv.info.Log)
	}
	fmt.Fprintln(stdout, ")")

	mon := newMonitor(srv.info.PID, srv.info.Mode == modeStarted, neo4jPID())
	mon.start()
	defer mon.stop()

	ids, err := identities(ctx, o.iograph, o.clients, stdout)
	if err != nil {
		return 2, err
	}
	cl := newAPI(srv.info.URL, o.clients)
	seeds, err := pickSeeds(ctx, cl, ids.clients[0], o.search, o.scan, o.seeds, stdout)
	if err != nil {
		return 2, err
	}
	res.Seeds = seeds

	load := &workload{api: cl, tokens: ids.clients, mix: mix, seeds: seedIDs(seeds), timeout: o.timeout}
	if o.warmup > 0 {
		fmt.Fprintf(stdout, "\nwarm-up: %d clients × %s (not measured)\n", o.clients, o.warmup)
		p := runPhase(ctx, "warmup", o.warmup, load, nil, mon)
		fmt.Fprintf(stdout, "warm-up: %d requests, %d errors\n", p.Requests, p.Errors)
		for _, e := range sortedKeys(p.Problems) {
			fmt.Fprintf(stdout, "  error ×%d: %s\n", p.Problems[e], e)
		}
		res.WarmupErrors = p.Errors
	}
	if !o.skipIdle {
		fmt.Fprintf(stdout, "\nidle: %d clients × %s, no abuse …\n", o.clients, o.duration)
		p := runPhase(ctx, "idle", o.duration, load, nil, mon)
		printPhase(stdout, p)
		res.Phases = append(res.Phases, p)
	}
	var ab *abuser
	if len(cases) > 0 && o.abusers > 0 {
		ab = &abuser{api: newAPI(srv.info.URL, o.abusers), token: ids.abuser, cases: cases, timeout: o.abuseTimeout, n: o.abusers}
	}
	fmt.Fprintf(stdout, "\nunder abuse: %d clients × %s, %d abusive client(s), cases: %s …\n", o.clients, o.duration, o.abusers, strings.Join(namesOf(cases), ", "))
	p := runPhase(ctx, "abuse", o.duration, load, ab, mon)
	printPhase(stdout, p)
	res.Phases = append(res.Phases, p)
	if ab != nil {
		res.Abuse = ab.report()
	}
	res.After = afterCheck(ctx, cl, ids.clients[0])
	res.Server.Exited = srv.exited()
	res.Server.LogErrors = srv.logErrors()
	res.RSS = mon.samples()
	res.finish()

	printSummary(stdout, res)
	if o.out != "" {
		if err := writeJSON(o.out, res); err != nil {
			return 2, err
		}
		fmt.Fprintf(stdout, "\nresult: %s\n", o.out)
	}
	if ctx.Err() != nil {
		return 2, errors.New("interrupted")
	}
	code := 0
	if res.WellBehavedErrors > 0 {
		fmt.Fprintf(stdout, "FAIL: the well-behaved clients saw %d error(s)\n", res.WellBehavedErrors)
		code = 1
	}
	if o.failOnAbuse && res.AbuseBad > 0 {
		fmt.Fprintf(stdout, "FAIL: %d hostile request(s) got a 5xx, an INTERNAL error or no answer in time\n", res.AbuseBad)
		code = 1
	}
	return code, nil
}

func (o *options) check() error {
	if o.iograph == "" {
		return errors.New("-iograph BIN is required (build it: go build -o bin/iograph ./cmd/iograph); it creates the users and tokens and, without -url, runs the server")
	}
	if _, err := os.Stat(o.iograph); err != nil {
		return fmt.Errorf("-iograph: %w", err)
	}
	// The command line and a started server write users, tokens and data to
	// this Neo4j; never let them fall back to the default one.
	if os.Getenv("NEO4J_URI") == "" {
		return errors.New("set NEO4J_URI (and NEO4J_PASSWORD) to the Neo4j the server reads: users, tokens and generated data are written there")
	}
	if o.url != "" {
		if err := checkLoopbackURL(o.url); err != nil {
			return fmt.Errorf("-url: %w", err)
		}
		o.url = strings.TrimSuffix(o.url, "/")
	} else if err := checkLoopbackAddr(o.addr); err != nil {
		return fmt.Errorf("-addr: %w", err)
	}
	if o.pid != 0 && o.url == "" {
		return errors.New("-pid goes with -url; a started server's pid is known")
	}
	switch {
	case o.clients < 1 || o.clients > 99:
		return errors.New("-clients must be 1 to 99 (users lt-client-01 … lt-client-99)")
	case o.duration <= 0 || o.duration > time.Hour:
		return errors.New("-duration must be more than 0 and at most 1h")
	case o.warmup < 0 || o.warmup > time.Hour:
		return errors.New("-warmup must be 0 to 1h")
	case o.timeout <= 0 || o.timeout > 10*time.Minute:
		return errors.New("-timeout must be more than 0 and at most 10m")
	case o.abuseTimeout <= 0 || o.abuseTimeout > 10*time.Minute:
		return errors.New("-abuse-timeout must be more than 0 and at most 10m")
	case o.abusers < 0 || o.abusers > 16:
		return errors.New("-abusers must be 0 to 16")
	case o.seeds < 1:
		return errors.New("-seeds must be at least 1")
	case o.scan < o.seeds:
		return errors.New("-scan must be at least -seeds")
	case o.genTweets < 0 || (o.genTweets > 0 && o.genAccounts < 1):
		return errors.New("-gen-tweets must be 0 or more, with -gen-accounts at least 1")
	}
	return nil
}
