// Package auth is who a request is: the identity that the HTTP edge
// establishes once (from a bearer token, a session cookie or the explicit
// no-auth mode) and that every layer below reads from the context, and the
// secrets that prove it. It knows nothing of HTTP or Neo4j.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/iograph/iograph/internal/model"
)

// Identity is the user a request acts for.
type Identity struct {
	User string
	Role model.Role
	// Via says how the identity was established: "token", "session",
	// "no-auth" or "cli"; cookie sessions need same-origin checks that
	// bearer tokens do not.
	Via string
}

// CLI is the identity of the command line: whoever can run iograph on a
// machine with the Neo4j credentials already holds every right the graph
// has, so the commands act as admin and say so in the audit log.
func CLI(osUser string) Identity {
	if osUser == "" {
		osUser = "unknown"
	}
	return Identity{User: "cli:" + osUser, Role: model.RoleAdmin, Via: "cli"}
}

type ctxKey struct{}

// With returns ctx carrying id.
func With(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// From returns the identity ctx carries, if any.
func From(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(ctxKey{}).(Identity)
	return id, ok && id.User != ""
}

// Token secrets look like `iog_<id>_<secret>`: the id is public (lists and
// audit events name it), the secret is 32 random bytes. Only the SHA-256 of
// the whole string is stored: the secret's entropy makes a slow hash
// pointless, and a fast one keeps every request's check to one index seek.
const tokenPrefix = "iog_"

// ErrMalformed is a presented token that cannot be one of ours.
var ErrMalformed = errors.New("malformed token")

// NewSecret returns a fresh token id and the secret string that embeds it.
func NewSecret() (id, secret string) {
	var idb [6]byte
	var sb [32]byte
	_, _ = rand.Read(idb[:]) // crypto/rand never fails on Linux
	_, _ = rand.Read(sb[:])
	id = hex.EncodeToString(idb[:])
	return id, tokenPrefix + id + "_" + base64.RawURLEncoding.EncodeToString(sb[:])
}

// Hash is the stored form of a secret.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Parse checks a presented secret's shape and returns its id, so that junk
// is refused without a lookup.
func Parse(secret string) (id string, err error) {
	rest, ok := strings.CutPrefix(secret, tokenPrefix)
	if !ok || len(secret) > 128 {
		return "", ErrMalformed
	}
	id, s, ok := strings.Cut(rest, "_")
	if !ok || len(id) != 12 || len(s) != 43 {
		return "", ErrMalformed
	}
	if _, err := hex.DecodeString(id); err != nil {
		return "", ErrMalformed
	}
	if _, err := base64.RawURLEncoding.DecodeString(s); err != nil {
		return "", ErrMalformed
	}
	return id, nil
}
