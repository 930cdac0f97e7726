// Package server is iograph's HTTP edge: the GraphQL endpoint, the Playground,
// health and readiness probes. It is where errors get their client-facing
// codes, once, and where panics stop.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/iograph/iograph/graph"
	"github.com/iograph/iograph/graph/dataloader"
	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/auth"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/querysize"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/resolvers"
	"github.com/iograph/iograph/web"
)

// ComplexityLimit bounds the cost of one operation: fields cost one, list
// fields their page size times their selection (see complexity), root
// fields and introspection more (see costLimit).
const ComplexityLimit = 20000

// GraphQL returns the GraphQL handler with explicit transports (coded errors,
// a body limit, JSON only), a parsed-query cache, introspection for the
// Playground, automatic persisted queries and the limits of configure.
// forget drops the gate's cache of checked tokens (revocations).
func GraphQL(st *store.Store, log *slog.Logger, lim config.Limits, forget func()) *handler.Server {
	r, es, _ := api(st, log, forget)
	srv := handler.New(es)
	for _, t := range transports(lim) {
		srv.AddTransport(t)
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: smallOnly[string]{Cache: lru.New[string](1000), max: MaxPersistedQuery,
		size: func(_, doc string) int { return len(doc) }}})
	configure(srv, r, log)
	return srv
}

// api wires the GraphQL API together: the use cases over st, the resolvers
// over them, the schema with its role checks and complexity costs, and an
// in-process runner of documents through that schema. The use cases run
// saved queries and exports through the runner, which is built around the
// resolvers that hold them, so they reach it through run, set here once
// before anything can call it.
func api(st *store.Store, log *slog.Logger, forget func()) (*resolvers.Resolver, graphql.ExecutableSchema, app.Exec) {
	var run app.Exec
	uc := app.New(st, graph.Schema(), func(ctx context.Context, doc string, vars map[string]any) *graphql.Response {
		return run(ctx, doc, vars)
	})
	r := &resolvers.Resolver{Store: st, App: uc, ForgetIdentities: forget}
	es := graph.NewExecutableSchema(graph.Config{Resolvers: r, Complexity: complexity(),
		Directives: graph.DirectiveRoot{HasRole: resolvers.HasRole}})
	run = Runner(r, es, log)
	return r, es, run
}

// NewApp returns the use cases as the HTTP endpoint runs them, for the
// command line (`iograph queries`, `iograph export`). A context that runs a
// document must carry an identity (auth.With), as a request's does.
func NewApp(st *store.Store, log *slog.Logger) *app.App {
	r, _, _ := api(st, log, nil)
	return r.App
}

// NewRunner runs GraphQL documents in process as the HTTP endpoint would,
// for the command line (`iograph queries`). The context must carry an
// identity (auth.With), as a request's does.
func NewRunner(st *store.Store, log *slog.Logger) func(context.Context, string, map[string]any) *graphql.Response {
	_, _, run := api(st, log, nil)
	return run
}

// executorLike is what handler.Server and executor.Executor share: both get
// the same cache, limits, error codes and panic handling.
type executorLike interface {
	SetQueryCache(graphql.Cache[*ast.QueryDocument])
	SetParserTokenLimit(int)
	Use(graphql.HandlerExtension)
	SetErrorPresenter(graphql.ErrorPresenterFunc)
	SetRecoverFunc(graphql.RecoverFunc)
	AroundFields(graphql.FieldMiddleware)
}

// configure sets the role checks and audit of every field, then the limits
// every document passes, in this order: its size (tokens, fields counted as
// executed, before gqlgen parses and validates it), then its depth and its
// complexity, both walked with each fragment once.
func configure(e executorLike, r *resolvers.Resolver, log *slog.Logger) {
	e.AroundFields(r.Fields(log))
	cache := smallOnly[*ast.QueryDocument]{Cache: lru.New[*ast.QueryDocument](1000), max: MaxCachedDocument,
		size: func(doc string, _ *ast.QueryDocument) int { return len(doc) }}
	e.SetQueryCache(cache)
	e.SetParserTokenLimit(querysize.TokenLimit)
	e.Use(documentSize{cache: cache})
	e.Use(extension.Introspection{})
	e.Use(depthLimit{max: MaxDepth})
	e.Use(&costLimit{max: ComplexityLimit})
	e.Use(stopWhenCancelled{})
	e.SetErrorPresenter(presentError(log))
	e.SetRecoverFunc(func(ctx context.Context, v any) error {
		report(ctx, log, apperr.Internal, pathOf(ctx), fmt.Errorf("%v", v), true)
		return apperr.New(apperr.Internal, "internal error")
	})
}

// Runner executes GraphQL documents in process through es with the limits
// and error codes of the HTTP endpoint: saved queries (runSavedQuery), the
// export endpoint and `iograph export` run through it. A context without
// per-request dataloaders gets its own.
func Runner(r *resolvers.Resolver, es graphql.ExecutableSchema, log *slog.Logger) func(context.Context, string, map[string]any) *graphql.Response {
	exec := executor.New(es)
	configure(exec, r, log)
	return func(outer context.Context, doc string, vars map[string]any) *graphql.Response {
		ctx, cancel := isolate(outer, r.Store)
		defer cancel()
		ctx = graphql.StartOperationTrace(ctx)
		now := graphql.Now()
		params := &graphql.RawParams{Query: doc, Variables: vars, ReadTime: graphql.TraceTiming{Start: now, End: now}}
		rc, errs := exec.CreateOperationContext(ctx, params)
		if errs != nil {
			return exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		}
		responses, ctx := exec.DispatchOperation(ctx, rc)
		return responses(ctx)
	}
}

// isolate gives a nested run a context of its own: the outer request's
// field context would otherwise prefix the paths of the saved document's
// errors. Cancellation, the deadline, the identity and the request's
// dataloaders carry over.
func isolate(outer context.Context, st *store.Store) (context.Context, context.CancelFunc) {
	ctx := carryRequest(outer, dataloader.Carry(outer, context.Background(), st))
	if id, ok := auth.From(outer); ok {
		ctx = auth.With(ctx, id)
	}
	var cancelDeadline context.CancelFunc = func() {}
	if d, ok := outer.Deadline(); ok {
		ctx, cancelDeadline = context.WithDeadline(ctx, d)
	}
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(outer, cancel)
	return ctx, func() { stop(); cancel(); cancelDeadline() }
}

// presentError gives every resolver error an `extensions.code` from its
// apperr kind and a client-safe message that repeats at most MaxEchoBytes of
// the request in a run (see boundMessage); unclassified errors are logged in
// full (in the request's one log line, see errorTally) and shown only as
// "internal error".
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			var ge *gqlerror.Error
			if errors.As(err, &ge) && ge.Err == nil {
				// Parse and validation errors from gqlgen keep their own
				// codes; they quote the document, so their length is bounded.
				gerr.Message = boundMessage(gerr.Message, false)
				return gerr
			}
		}
		kind := apperr.KindOf(err)
		if kind == apperr.Internal || kind == apperr.Unavailable {
			report(ctx, log, kind, gerr.Path.String(), err, false)
		}
		gerr.Message = boundMessage(apperr.Message(err), true)
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		gerr.Extensions["code"] = string(kind)
		return gerr
	}
}

func pathOf(ctx context.Context) string {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		return fc.Path().String()
	}
	return ""
}

// Handler is the whole HTTP surface: /graphql, the workbench at / (its files
// under /assets/), the Playground at /playground, /login and /logout,
// /export, /healthz (the process is up) and /readyz (Neo4j answers), behind
// the gate that says who each request is (WithAccess) and bounded by the
// limits of opts (default config.DefaultLimits).
func Handler(st *store.Store, log *slog.Logger, opts ...Option) http.Handler {
	o := handlerOptions(opts)
	g := newDoor(st, log, o.access)
	mux := http.NewServeMux()
	mux.Handle("/graphql", dataloader.Middleware(st, GraphQL(st, log, o.limits, g.cache.forget)))
	mux.Handle("GET /{$}", web.Workbench())
	mux.Handle("GET /assets/", web.WorkbenchAssets("/assets/"))
	mux.Handle("GET /playground", web.Playground("iograph", "/graphql", "/playground/"))
	mux.Handle("GET /playground/{$}", http.RedirectHandler("/playground", http.StatusMovedPermanently))
	mux.Handle("GET /playground/", web.Assets("/playground/"))
	mux.HandleFunc("/login", g.login)
	mux.HandleFunc("/logout", g.logout)
	mux.Handle("GET /export/{format}", needRole(model.RoleAnalyst, exportHandler(NewApp(st, log), log)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain")
		if err := st.Ping(ctx); err != nil {
			log.WarnContext(ctx, "readiness check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "neo4j unavailable")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return logRequests(log, bound(o.limits, g.wrap(mux)))
}

// logRequests logs one line per request, with the count and the first of
// the errors the request met (see errorTally).
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		tally := &errorTally{}
		next.ServeHTTP(rec, r.WithContext(withTally(r.Context(), tally)))
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			return
		}
		level, errs := tally.summary()
		log.Log(r.Context(), level, "http", append([]any{"method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration", time.Since(start)}, errs...)...)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Serve listens on addr and serves h until ctx ends, then shuts down
// gracefully, giving requests in flight up to grace to finish. ready, if not
// nil, receives the bound address once listening (useful with ":0").
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger, grace time.Duration, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		// In-flight requests outlive the shutdown signal until grace ends.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "workbench", "/", "graphql", "/graphql", "playground", "/playground")
	if ready != nil {
		ready(ln.Addr())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve on %s: %w", addr, err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
