package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

// signedIn is the server's handler as a client holding a token of role sees
// it: requests that carry no Authorization header get the token's. The API
// tests use it; access_test.go sends its own credentials to the bare handler.
func signedIn(t testing.TB, st *store.Store, role model.Role, opts ...server.Option) http.Handler {
	t.Helper()
	return signedInLogging(t, st, slog.New(slog.DiscardHandler), role, opts...)
}

// signedInLogging is signedIn with the server's log going to log.
func signedInLogging(t testing.TB, st *store.Store, log *slog.Logger, role model.Role, opts ...server.Option) http.Handler {
	t.Helper()
	secret := tokenFor(t, st, "test-"+strings.ToLower(string(role)), role)
	h := server.Handler(st, log, append([]server.Option{server.WithAccess(server.Access{Rate: 1000})}, opts...)...)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			r.Header.Set("Authorization", "Bearer "+secret)
		}
		h.ServeHTTP(w, r)
	})
}

// tokenFor adds a user of role (when missing) and returns a new API token's
// secret for it.
func tokenFor(t testing.TB, st *store.Store, user string, role model.Role) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := st.CreateUser(ctx, user, role, true); err != nil {
		t.Fatal(err)
	}
	tok, err := st.CreateToken(ctx, user, model.TokenAPI, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok.Secret
}
