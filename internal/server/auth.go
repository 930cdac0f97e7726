package server

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/auth"
	"github.com/iograph/iograph/internal/gate"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

// Access is how the server decides who a request is and where it may come
// from. The zero value is the safe one: every request needs a token or a
// session, only loopback host names are served, and no other origin may call.
type Access struct {
	// NoAuth makes every request the local admin. Serve refuses it unless
	// the server listens on loopback only (see CheckNoAuth).
	NoAuth bool
	// AllowedHosts are the host names (no port) requests may name in Host;
	// others are refused, which defeats DNS rebinding. Empty: loopback names.
	AllowedHosts []string
	// CORSOrigins are the origins (scheme://host[:port]) whose pages may call
	// the API from a browser; none by default.
	CORSOrigins []string
	// SessionTTL is how long a browser session lasts (default 12h).
	SessionTTL time.Duration
	// Rate and Burst bound each identity's requests per second (default 20
	// with bursts of 40); anonymous requests are bounded per client address.
	Rate  float64
	Burst int
}

// SessionCookie is the name of the browser session's cookie.
const SessionCookie = "iograph_session"

// identityTTL is how long a server trusts a token it has checked before it
// asks Neo4j again: a revocation made on another server takes effect within
// it (on this one, at once), unless Neo4j cannot be asked (see staleTTL).
const identityTTL = 10 * time.Second

// LoopbackHosts are the host names a server bound to loopback answers to.
var LoopbackHosts = []string{"localhost", "127.0.0.1", "::1"}

// CheckNoAuth refuses --insecure-no-auth on any address that is not
// loopback-only: without identities, anyone who reaches the port is admin.
func CheckNoAuth(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--insecure-no-auth: listen address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--insecure-no-auth needs a loopback listen address (127.0.0.1:PORT), not %q: without sign-in, anyone who reaches it is admin", addr)
}

// DefaultHosts is the Host allow-list for a listen address: loopback names,
// plus the address's own host when it names one.
func DefaultHosts(addr string) []string {
	hosts := append([]string(nil), LoopbackHosts...)
	if host, _, err := net.SplitHostPort(addr); err == nil && host != "" {
		if ip := net.ParseIP(host); ip == nil || !ip.IsUnspecified() {
			hosts = append(hosts, host)
		}
	}
	return hosts
}

// door establishes who each request is and refuses what may not pass: a
// foreign Host, a cross-site cookie request, an invalid token, too many
// requests. It is the only place that reads credentials.
type door struct {
	st       *store.Store
	log      *slog.Logger
	acc      Access
	hosts    map[string]bool
	origins  map[string]bool
	cache    *identityCache
	limiters *limiters
}

func newDoor(st *store.Store, log *slog.Logger, acc Access) *door {
	if acc.SessionTTL <= 0 {
		acc.SessionTTL = 12 * time.Hour
	}
	if acc.Rate <= 0 {
		acc.Rate = 20
	}
	if acc.Burst <= 0 {
		acc.Burst = 2 * int(acc.Rate)
	}
	if len(acc.AllowedHosts) == 0 {
		acc.AllowedHosts = LoopbackHosts
	}
	g := &door{st: st, log: log, acc: acc, hosts: map[string]bool{}, origins: map[string]bool{},
		cache: &identityCache{m: map[string]cachedIdentity{}}, limiters: newLimiters(rate.Limit(acc.Rate), acc.Burst)}
	for _, h := range acc.AllowedHosts {
		g.hosts[strings.ToLower(strings.Trim(h, "[]"))] = true
	}
	for _, o := range acc.CORSOrigins {
		g.origins[strings.TrimSuffix(strings.ToLower(o), "/")] = true
	}
	return g
}

// public paths answer without an identity.
func public(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/login" || path == "/logout" ||
		strings.HasPrefix(path, "/playground/") || strings.HasPrefix(path, "/assets/")
}

// page paths are what a person opens in a browser: without a session they
// go to the login page instead of getting a JSON error.
func page(path string) bool { return path == "/" || path == "/playground" }

func (g *door) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.hostAllowed(r.Host) {
			writeCoded(w, http.StatusForbidden, apperr.Forbidden, "this server does not answer to the host name in the request; add it with --allowed-hosts")
			return
		}
		if !g.cors(w, r) {
			return
		}
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			next.ServeHTTP(w, r) // probes ask nobody's identity, and must not need Neo4j to check one
			return
		}
		id, err := g.identify(r)
		if err != nil {
			g.refuse(w, r, err)
			return
		}
		key := "ip:" + clientIP(r)
		if id.User != "" {
			key = "user:" + id.User
		}
		if !g.limiters.allow(key) {
			w.Header().Set("Retry-After", "1")
			writeCoded(w, http.StatusTooManyRequests, apperr.LimitExceeded,
				"too many requests: at most %g a second (bursts of %d) per user; retry after a second", g.acc.Rate, g.acc.Burst)
			return
		}
		if id.Via == "session" && unsafeMethod(r.Method) && !g.sameOrigin(r) {
			writeCoded(w, http.StatusForbidden, apperr.Forbidden, "a cookie-authenticated request must come from this server's own pages (Origin)")
			return
		}
		if id.User == "" && !public(r.URL.Path) {
			if page(r.URL.Path) && r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			writeCoded(w, http.StatusUnauthorized, apperr.Unauthenticated,
				"sign in first: send `Authorization: Bearer <token>` (iograph tokens create USER) or log in at /login")
			return
		}
		if id.User != "" {
			r = r.WithContext(auth.With(r.Context(), id))
		}
		next.ServeHTTP(w, r)
	})
}

func (g *door) refuse(w http.ResponseWriter, r *http.Request, err error) {
	switch apperr.KindOf(err) {
	case apperr.Unauthenticated:
		// A guesser gets the same slow answer whatever was wrong.
		if !g.limiters.allow("fail:" + clientIP(r)) {
			w.Header().Set("Retry-After", "1")
			writeCoded(w, http.StatusTooManyRequests, apperr.LimitExceeded, "too many failed sign-ins from this address; retry later")
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="iograph"`)
		writeCoded(w, http.StatusUnauthorized, apperr.Unauthenticated, "%s", apperr.Message(err))
	case apperr.Unavailable, apperr.LimitExceeded:
		writeCoded(w, http.StatusServiceUnavailable, apperr.Unavailable, "cannot check the sign-in now: the graph store is unavailable; retry")
	default:
		g.log.ErrorContext(r.Context(), "authentication failed", "err", err)
		writeCoded(w, http.StatusInternalServerError, apperr.Internal, "internal error")
	}
}

// identify returns the request's identity: none (User "") when it carries
// no credentials; an error when the ones it carries do not hold. A stale
// session cookie counts as none, so the browser is sent to log in again.
func (g *door) identify(r *http.Request) (auth.Identity, error) {
	if g.acc.NoAuth {
		return auth.Identity{User: "local", Role: model.RoleAdmin, Via: "no-auth"}, nil
	}
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
			return auth.Identity{}, apperr.New(apperr.Unauthenticated, "the Authorization header must be `Bearer <token>`")
		}
		id, err := g.lookup(r.Context(), strings.TrimSpace(secret))
		if err != nil {
			return auth.Identity{}, err
		}
		id.Via = "token"
		return id, nil
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		id, err := g.lookup(r.Context(), c.Value)
		if err == nil {
			id.Via = "session"
			return id, nil
		}
		if apperr.KindOf(err) != apperr.Unauthenticated {
			return auth.Identity{}, err
		}
	}
	return auth.Identity{}, nil
}

func (g *door) lookup(ctx context.Context, secret string) (auth.Identity, error) {
	id, fresh, known := g.cache.get(secret)
	if fresh {
		return id, nil
	}
	// A secret seen before waits little for its check (it can be trusted
	// stale, below); a new one waits as long as a query would, since there
	// is nothing to fall back on, and a loaded server must not turn away a
	// client's first request because the check queued behind other work.
	wait := 2 * time.Second
	if !known {
		wait = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	// The check is bounded like any store call, but as a request of its own:
	// a check that timed out and fell back on the cached identity must not
	// mark the request's Neo4j unreachable, which would fail all its fields
	// at once (gate.Unreachable).
	checked, _, err := g.st.Authenticate(gate.WithRequest(ctx, 1), secret)
	if err != nil {
		// A token this server checked a moment ago stays trusted while
		// Neo4j is too busy or away to answer: a loaded server must not turn
		// its users away because the sign-in check queued behind their work.
		if known && apperr.KindOf(err) == apperr.Unavailable {
			return id, nil
		}
		return auth.Identity{}, err
	}
	g.cache.put(secret, checked)
	return checked, nil
}

func (g *door) hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return g.hosts[strings.ToLower(strings.Trim(host, "[]"))]
}

// sameOrigin reports whether a browser request comes from this server's own
// pages (or an allowed CORS origin). Browsers send Origin on every
// cross-site POST; a request without it is refused rather than trusted.
func (g *door) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return r.Header.Get("Sec-Fetch-Site") == "same-origin"
	}
	u, err := url.Parse(o)
	if err != nil {
		return false
	}
	if g.origins[strings.TrimSuffix(strings.ToLower(o), "/")] {
		return true
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return u.Scheme == scheme && strings.EqualFold(u.Host, r.Host)
}

// cors answers preflights and labels responses for the allowed origins; it
// returns false when it has answered the request itself.
func (g *door) cors(w http.ResponseWriter, r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || !g.origins[strings.TrimSuffix(strings.ToLower(o), "/")] {
		return true
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", o)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Add("Vary", "Origin")
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	return true
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// writeCoded answers with GraphQL's error shape, so every client reads
// every refusal the same way.
func writeCoded(w http.ResponseWriter, status int, kind apperr.Kind, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{
		"message": fmt.Sprintf(format, args...), "extensions": map[string]any{"code": string(kind)}}}})
}

// identityCache keeps checked secrets, keyed by the secret's hash so that no
// secret is kept in memory longer than a request. An entry is fresh for
// identityTTL; after that it is checked again, and used stale (up to
// staleTTL) only when the check cannot be made.
type identityCache struct {
	mu sync.Mutex
	m  map[string]cachedIdentity
}

type cachedIdentity struct {
	id      auth.Identity
	checked time.Time
}

const (
	maxCachedIdentities = 10000
	staleTTL            = 5 * time.Minute
)

// get returns the cached identity, whether it is fresh, and whether it is
// known at all (fresh or usable stale).
func (c *identityCache) get(secret string) (id auth.Identity, fresh, known bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[auth.Hash(secret)]
	if !ok {
		return auth.Identity{}, false, false
	}
	age := time.Since(e.checked)
	return e.id, age < identityTTL, age < staleTTL
}

func (c *identityCache) put(secret string, id auth.Identity) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedIdentities {
		clear(c.m)
	}
	c.m[auth.Hash(secret)] = cachedIdentity{id: id, checked: time.Now()}
}

func (c *identityCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}

// limiters holds one token bucket per identity (or client address), and
// forgets those idle for a while so that their number stays bounded.
type limiters struct {
	mu    sync.Mutex
	r     rate.Limit
	burst int
	m     map[string]*limiter
	swept time.Time
}

type limiter struct {
	*rate.Limiter
	seen time.Time
}

func newLimiters(r rate.Limit, burst int) *limiters {
	return &limiters{r: r, burst: burst, m: map[string]*limiter{}, swept: time.Now()}
}

func (l *limiters) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > time.Minute {
		for k, v := range l.m {
			if now.Sub(v.seen) > time.Minute {
				delete(l.m, k)
			}
		}
		l.swept = now
	}
	lim, ok := l.m[key]
	if !ok {
		lim = &limiter{Limiter: rate.NewLimiter(l.r, l.burst)}
		l.m[key] = lim
	}
	lim.seen = now
	return lim.AllowN(now, 1)
}

// login exchanges a one-time login link's secret or an API token for a
// session cookie. GET /login?token=… is the link `iograph serve
// --login-link` prints; GET /login without one shows a form; POST /login
// takes {"token": …} as JSON or the form's field.
func (g *door) login(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	var secret string
	switch r.Method {
	case http.MethodGet:
		secret = r.URL.Query().Get("token")
		if secret == "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_ = loginPage.Execute(w, map[string]string{"Next": next})
			return
		}
	case http.MethodPost:
		if !g.sameOrigin(r) && r.Header.Get("Origin") != "" {
			writeCoded(w, http.StatusForbidden, apperr.Forbidden, "log in from this server's own login page (Origin)")
			return
		}
		body := http.MaxBytesReader(w, r.Body, 4096)
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if ct == "application/json" {
			var in struct {
				Token string `json:"token"`
			}
			if err := json.NewDecoder(body).Decode(&in); err != nil {
				writeCoded(w, http.StatusBadRequest, apperr.BadInput, "the body must be JSON like {\"token\": \"iog_…\"}")
				return
			}
			secret = in.Token
		} else {
			b, _ := io.ReadAll(body)
			vals, _ := url.ParseQuery(string(b))
			secret = vals.Get("token")
			if n := vals.Get("next"); n != "" {
				next = safeNext(n)
			}
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		writeCoded(w, http.StatusMethodNotAllowed, apperr.BadInput, "use GET or POST")
		return
	}
	if !g.limiters.allow("login:" + clientIP(r)) {
		writeCoded(w, http.StatusTooManyRequests, apperr.LimitExceeded, "too many log-in attempts from this address; retry later")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	sess, id, err := g.st.ExchangeLogin(ctx, strings.TrimSpace(secret), g.acc.SessionTTL)
	if err != nil {
		g.refuse(w, r, err)
		return
	}
	g.log.InfoContext(ctx, "signed in", "user", id.User, "role", id.Role)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: sess.Secret, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: int(g.acc.SessionTTL.Seconds())})
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method == http.MethodPost && ct == "application/json" {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"user": id.User, "role": id.Role})
		return
	}
	// A page, not a redirect header alone: SameSite=Strict cookies set on a
	// navigation that started on another site are withheld from the
	// redirect's request, so the page navigates on its own.
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = signedInPage.Execute(w, map[string]string{"Next": next, "User": id.User})
}

// logout ends the browser's session.
func (g *door) logout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeCoded(w, http.StatusMethodNotAllowed, apperr.BadInput, "use POST")
		return
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if !g.sameOrigin(r) {
			writeCoded(w, http.StatusForbidden, apperr.Forbidden, "log out from this server's own pages (Origin)")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if err := g.st.RevokeSecret(ctx, c.Value); err != nil && apperr.KindOf(err) != apperr.NotFound {
			g.refuse(w, r, err)
			return
		}
		g.cache.forget()
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"signedOut":true}`+"\n")
}

// safeNext keeps a post-login destination on this server: a path, never
// another host (`//evil`, `https://…`, `/\evil`).
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>iograph — sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:34rem;margin:10vh auto;padding:0 1rem;color:#1d232b}
input{width:100%;font:inherit;padding:.5rem;margin:.5rem 0;box-sizing:border-box}button{font:inherit;padding:.5rem 1rem}
code{background:#eef1f4;padding:0 .25rem}</style></head>
<body><h1>iograph</h1><p>Sign in with the one-time link <code>iograph serve --login-link USER</code> printed,
or paste a token (<code>iograph tokens create USER</code>).</p>
<form method="post" action="/login"><input type="hidden" name="next" value="{{.Next}}">
<label for="token">Token</label><input id="token" name="token" type="password" autocomplete="off" required autofocus>
<button type="submit">Sign in</button></form></body></html>
`))

var signedInPage = template.Must(template.New("signed-in").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>iograph — signed in</title>
<meta http-equiv="refresh" content="0; url={{.Next}}"></head>
<body><p>Signed in as {{.User}}. <a href="{{.Next}}">Continue</a>.</p></body></html>
`))

// needRole refuses a plain HTTP endpoint to identities below role, as the
// schema's @hasRole does for fields.
func needRole(role model.Role, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := auth.From(r.Context())
		if !ok {
			writeCoded(w, http.StatusUnauthorized, apperr.Unauthenticated, "sign in first")
			return
		}
		if !id.Role.Allows(role) {
			writeCoded(w, http.StatusForbidden, apperr.Forbidden, "this needs the %s role; %s has %s", role, id.User, id.Role)
			return
		}
		next.ServeHTTP(w, r)
	})
}
