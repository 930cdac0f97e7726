package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

func runServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	var lim config.Limits
	config.RegisterLimitFlags(fs, &lim)
	addr := fs.String("addr", config.Env("IOGRAPH_ADDR", "127.0.0.1:8080"), "listen address (env IOGRAPH_ADDR); loopback unless you mean to serve a network")
	logFormat := fs.String("log-format", config.Env("IOGRAPH_LOG_FORMAT", "text"), "log format: text or json (env IOGRAPH_LOG_FORMAT)")
	grace := fs.Duration("shutdown-grace", 15*time.Second, "how long requests in flight may finish after SIGTERM")
	noAuth := fs.Bool("insecure-no-auth", false, "every request is the local admin; only on a loopback address, for a single-user laptop")
	hosts := fs.String("allowed-hosts", config.Env("IOGRAPH_ALLOWED_HOSTS", ""), "comma-separated host names the server answers to (env IOGRAPH_ALLOWED_HOSTS; default: loopback names and the --addr host)")
	origins := fs.String("cors-origin", config.Env("IOGRAPH_CORS_ORIGINS", ""), "comma-separated origins whose pages may call the API (env IOGRAPH_CORS_ORIGINS; default none)")
	rate := fs.Float64("rate-limit", 20, "requests per second per user (bursts of twice that)")
	session := fs.Duration("session-ttl", 12*time.Hour, "how long a browser session lasts")
	loginUser := fs.String("login-link", config.Env("IOGRAPH_LOGIN_USER", ""), "print a one-time login link for this user once listening, as Jupyter does (env IOGRAPH_LOGIN_USER)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := lim.Validate(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log := newLogger(stderr, *logFormat)
	acc := server.Access{NoAuth: *noAuth, CORSOrigins: splitList(*origins), Rate: *rate, SessionTTL: *session}
	acc.AllowedHosts = splitList(*hosts)
	if len(acc.AllowedHosts) == 0 {
		acc.AllowedHosts = server.DefaultHosts(*addr)
	}
	if *noAuth {
		if err := server.CheckNoAuth(*addr); err != nil {
			return fmt.Errorf("%w: serve: %v", errUsage, err)
		}
		log.Warn("AUTHENTICATION IS OFF (--insecure-no-auth): every request acts as admin; use it only on a single-user machine", "addr", *addr)
	}

	// Clients hear UNAVAILABLE within about a second while Neo4j is away,
	// rather than wait out the driver's retries.
	n4j.FailFast = true
	st, err := store.Open(ctx, n4j, log)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if _, err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// As many connections as the server runs store calls at once, and a few
	// for sign-in checks, which run outside those bounds.
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err = st.Warm(wctx, lim.StoreConcurrency+4)
	cancel()
	if err != nil {
		log.Warn("warm-up incomplete: connections will be opened and queries planned on demand", "err", err)
	}
	log.Info("connected to neo4j", "uri", n4j.Redacted(), "database", n4j.Database)
	ready := func(a net.Addr) {
		if *loginUser == "" || *noAuth {
			return
		}
		lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		t, err := app.New(st, nil, nil).FirstLogin(lctx, *loginUser, 12*time.Hour)
		if err != nil {
			log.Error("no login link", "user", *loginUser, "err", err)
			return
		}
		fmt.Fprintf(stderr, "\n  Open the workbench (one-time link for %s, valid 12 hours):\n\n    %s\n\n", *loginUser, LoginLink(browserURL(a), t.Secret))
	}
	return server.Serve(ctx, *addr, server.Handler(st, log, server.WithAccess(acc), server.WithLimits(lim)), log, *grace, ready)
}

// browserURL is how a browser on this machine reaches a listener.
func browserURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() || ip.IsLoopback() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
