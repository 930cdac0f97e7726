// Command iograph is the investigation workbench: one binary whose subcommands
// migrate the Neo4j schema, load releases and serve the GraphQL API.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"os/user"
	"syscall"
	"time"

	"github.com/iograph/iograph/internal/auth"
	"github.com/iograph/iograph/internal/config"
)

const usage = `iograph — an investigation workbench for state-backed influence operations

Usage:
  iograph serve   [flags]   serve the GraphQL API and Playground (migrates first)
  iograph migrate [flags]   apply the Neo4j schema (constraints and indexes)
  iograph load FORMAT [flags] FILE...
                            load release files (formats: twitter-io, shares, crowdtangle,
                            meta-cib, assets)
  iograph import [--data-dir DIR] [FORMAT] FILE... [FORMAT FILE...]...
                            bulk-import files of every load format (twitter-io when none is
                            named) into a stopped, empty database (neo4j-admin), then start
                            it and finish as a load would
  iograph datasets [--json] list the loaded datasets and their loads with counts
  iograph coordination --dataset D --signal url --window 60 --out edges.csv
                            write a coordinated co-sharing network (CooRTweet-exact by default)
  iograph queries load|check|list|run
                            save query files, re-validate saved queries, run one by id
  iograph export --saved-query ID --format gexf|graphml|csv|json [--out FILE]
                            write the network a saved query returns, for Gephi, yEd or JS
  iograph gen twitter-io --tweets N --accounts M --out DIR
                            write a synthetic release (clearly marked) for demos and benchmarks
  iograph users add|list|set-role|disable|enable
                            who may sign in, with which role (viewer, analyst, admin)
  iograph tokens create|list|revoke|login-link
                            API tokens (shown once, stored hashed) and one-time login links
  iograph healthcheck      exit 0 when a probe URL answers 200 (for containers)
  iograph version           print the version

Run 'iograph COMMAND -h' for a command's flags. Neo4j settings come from
NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE or the matching flags.
`

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// errUsage marks a command-line mistake, which exits 2 like flag's own errors.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintf(os.Stderr, "iograph: %v\n", err)
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "iograph: %v\n", err)
		os.Exit(1)
	}
}

// run dispatches to a subcommand; it returns errors instead of exiting so the
// whole CLI is testable in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	cmd, rest := args[0], args[1:]
	// Whoever runs the binary with the Neo4j credentials already holds every
	// right in the graph; the audit log names them as cli:<os user>.
	ctx = auth.With(ctx, auth.CLI(osUser()))
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stderr)
	case "migrate":
		return runMigrate(ctx, rest, stderr)
	case "load":
		return runLoad(ctx, rest, stdout, stderr)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "datasets":
		return runDatasets(ctx, rest, stdout, stderr)
	case "gen":
		return runGen(ctx, rest, stdout, stderr)
	case "coordination":
		return runCoordination(ctx, rest, stdout, stderr)
	case "queries":
		return runQueries(ctx, rest, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdout, stderr)
	case "users":
		return runUsers(ctx, rest, stdout, stderr)
	case "tokens":
		return runTokens(ctx, rest, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, rest, stderr)
	case "version":
		fmt.Fprintln(stdout, "iograph", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("iograph "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags turns flag's errors into one-line usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %s: %v", errUsage, fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: %s: unexpected argument %q", errUsage, fs.Name(), fs.Arg(0))
	}
	return nil
}

// flagGiven reports whether the command line set flag name.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// longReads raises the query timeout to d for a command whose reads are
// long by nature (a whole release's shares, a share index chunk), unless
// the user set one (--query-timeout or IOGRAPH_QUERY_TIMEOUT).
func longReads(fs *flag.FlagSet, n4j *config.Neo4j, d time.Duration) {
	if !flagGiven(fs, "query-timeout") && os.Getenv("IOGRAPH_QUERY_TIMEOUT") == "" {
		n4j.QueryTimeout = d
	}
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func osUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return os.Getenv("USER")
}
