package store

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/auth"
	"github.com/iograph/iograph/internal/model"
)

// Users, their tokens and the audit log live in Neo4j beside the graph they
// guard, so every iograph server behind a load balancer sees the same users
// and a restart forgets no one.

var (
	//go:embed user_get.cypher
	userGetCypher string
	//go:embed user_create.cypher
	userCreateCypher string
	//go:embed user_update.cypher
	userUpdateCypher string
	//go:embed users_list.cypher
	usersListCypher string
	//go:embed token_create.cypher
	tokenCreateCypher string
	//go:embed token_lookup.cypher
	tokenLookupCypher string
	//go:embed token_consume.cypher
	tokenConsumeCypher string
	//go:embed tokens_list.cypher
	tokensListCypher string
	//go:embed token_revoke.cypher
	tokenRevokeCypher string
	//go:embed tokens_expired_delete.cypher
	tokensExpiredDeleteCypher string
	//go:embed audit_write.cypher
	auditWriteCypher string
	//go:embed audit_list.cypher
	auditListCypher string
)

// MaxUserName bounds a user name; names appear in every audit event.
const MaxUserName = 64

func userFrom(n neo4j.Node) model.User {
	p := n.Props
	disabled, _ := p["disabled"].(bool)
	return model.User{Name: str(p["name"]), Role: model.Role(str(p["role"])), CreatedAt: instant(p["createdAt"]), Disabled: disabled}
}

func tokenFrom(n neo4j.Node) model.Token {
	p := n.Props
	return model.Token{ID: str(p["id"]), User: str(p["user"]), Kind: model.TokenKind(str(p["kind"])), Note: optStr(p["note"]),
		CreatedAt: instant(p["createdAt"]), ExpiresAt: timePtr(p["expiresAt"]), RevokedAt: timePtr(p["revokedAt"])}
}

func validUserName(name string) error {
	if name == "" || len(name) > MaxUserName {
		return apperr.New(apperr.BadInput, "a user name has 1 to %d characters", MaxUserName)
	}
	for _, r := range name {
		ok := r == '-' || r == '_' || r == '.' || r == '@' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
		if !ok {
			return apperr.New(apperr.BadInput, "user name %q may hold only letters, digits and - _ . @", name)
		}
	}
	return nil
}

// CreateUser adds a user. With existsOK, a user of that name is returned
// unchanged instead of refused, so setup scripts can run again.
func (s *Store) CreateUser(ctx context.Context, name string, role model.Role, existsOK bool) (model.User, error) {
	if err := validUserName(name); err != nil {
		return model.User{}, err
	}
	if !role.Valid() {
		return model.User{}, apperr.New(apperr.BadInput, "role %q is not one of VIEWER, ANALYST, ADMIN", role)
	}
	return write(ctx, s, "create user", func(tx neo4j.ManagedTransaction) (model.User, error) {
		recs, err := run(ctx, tx, userGetCypher, map[string]any{"name": name})
		if err != nil {
			return model.User{}, err
		}
		if len(recs) > 0 {
			if existsOK {
				return userFrom(recs[0].Values[0].(neo4j.Node)), nil
			}
			return model.User{}, apperr.New(apperr.BadInput, "a user named %q exists already", name)
		}
		recs, err = run(ctx, tx, userCreateCypher, map[string]any{"name": name, "role": string(role), "now": now()})
		if err != nil {
			return model.User{}, err
		}
		return userFrom(recs[0].Values[0].(neo4j.Node)), nil
	})
}

// UpdateUser changes a user's role or disabled flag; nil keeps a value.
func (s *Store) UpdateUser(ctx context.Context, name string, role *model.Role, disabled *bool) (model.User, error) {
	if role != nil && !role.Valid() {
		return model.User{}, apperr.New(apperr.BadInput, "role %q is not one of VIEWER, ANALYST, ADMIN", *role)
	}
	var r any
	if role != nil {
		r = string(*role)
	}
	return write(ctx, s, "update user", func(tx neo4j.ManagedTransaction) (model.User, error) {
		recs, err := run(ctx, tx, userUpdateCypher, map[string]any{"name": name, "role": r, "disabled": derefBool(disabled)})
		if err != nil {
			return model.User{}, err
		}
		if len(recs) == 0 {
			return model.User{}, apperr.New(apperr.NotFound, "no user named %q", name)
		}
		return userFrom(recs[0].Values[0].(neo4j.Node)), nil
	})
}

func derefBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// Users lists every user.
func (s *Store) Users(ctx context.Context) ([]model.User, error) {
	return read(ctx, s, "users", usersListCypher, nil, func(r *neo4j.Record) (model.User, error) {
		return userFrom(r.Values[0].(neo4j.Node)), nil
	})
}

// CreateToken issues a token of kind to user, valid for ttl (0: until
// revoked). The secret in the answer is not stored and cannot be shown again.
func (s *Store) CreateToken(ctx context.Context, user string, kind model.TokenKind, ttl time.Duration, note *string) (model.NewToken, error) {
	id, secret := auth.NewSecret()
	var expires any
	if ttl > 0 {
		expires = time.Now().UTC().Add(ttl).Format(time.RFC3339Nano)
	}
	tok, err := write(ctx, s, "create token", func(tx neo4j.ManagedTransaction) (model.Token, error) {
		recs, err := run(ctx, tx, tokenCreateCypher, map[string]any{"user": user, "id": id, "hash": auth.Hash(secret),
			"kind": string(kind), "note": note, "now": now(), "expires": expires})
		if err != nil {
			return model.Token{}, err
		}
		if len(recs) == 0 {
			return model.Token{}, apperr.New(apperr.NotFound, "no user named %q", user)
		}
		if kind != model.TokenAPI {
			if _, err := run(ctx, tx, tokensExpiredDeleteCypher, map[string]any{"user": user, "now": now()}); err != nil {
				return model.Token{}, err
			}
		}
		return tokenFrom(recs[0].Values[0].(neo4j.Node)), nil
	})
	if err != nil {
		return model.NewToken{}, err
	}
	return model.NewToken{Token: tok, Secret: secret}, nil
}

// Authenticate returns the identity behind a presented secret, or
// UNAUTHENTICATED when the secret is malformed, unknown, expired, revoked,
// or its user is disabled. It does not say which, to a guesser.
func (s *Store) Authenticate(ctx context.Context, secret string) (auth.Identity, model.TokenKind, error) {
	if _, err := auth.Parse(secret); err != nil {
		return auth.Identity{}, "", apperr.New(apperr.Unauthenticated, "the token is not valid (expired, revoked or unknown)")
	}
	type hit struct {
		kind model.TokenKind
		id   auth.Identity
	}
	rows, err := read(ctx, s, "authenticate", tokenLookupCypher, map[string]any{"hash": auth.Hash(secret), "now": now()},
		func(r *neo4j.Record) (hit, error) {
			m := r.AsMap()
			return hit{model.TokenKind(str(m["kind"])), auth.Identity{User: str(m["user"]), Role: model.Role(str(m["role"]))}}, nil
		})
	if err != nil {
		return auth.Identity{}, "", err
	}
	// A login link's secret is for the one exchange, not for requests.
	if len(rows) == 0 || rows[0].kind == model.TokenLogin || !rows[0].id.Role.Valid() {
		return auth.Identity{}, "", apperr.New(apperr.Unauthenticated, "the token is not valid (expired, revoked or unknown)")
	}
	return rows[0].id, rows[0].kind, nil
}

// ExchangeLogin uses a one-time login secret, or authenticates an API
// token, and opens a browser session for its user, in one transaction.
func (s *Store) ExchangeLogin(ctx context.Context, secret string, ttl time.Duration) (model.NewToken, auth.Identity, error) {
	invalid := apperr.New(apperr.Unauthenticated, "the login link or token is not valid (used, expired, revoked or unknown)")
	if _, err := auth.Parse(secret); err != nil {
		return model.NewToken{}, auth.Identity{}, invalid
	}
	recs, err := write(ctx, s, "log in", func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
		return run(ctx, tx, tokenConsumeCypher, map[string]any{"hash": auth.Hash(secret), "now": now()})
	})
	if err != nil {
		return model.NewToken{}, auth.Identity{}, err
	}
	var id auth.Identity
	if len(recs) > 0 {
		m := recs[0].AsMap()
		id = auth.Identity{User: str(m["user"]), Role: model.Role(str(m["role"]))}
	} else {
		var kind model.TokenKind
		id, kind, err = s.Authenticate(ctx, secret)
		if err != nil || kind != model.TokenAPI {
			return model.NewToken{}, auth.Identity{}, invalid
		}
	}
	sess, err := s.CreateToken(ctx, id.User, model.TokenSession, ttl, nil)
	if err != nil {
		return model.NewToken{}, auth.Identity{}, err
	}
	id.Via = "session"
	return sess, id, nil
}

// Tokens lists tokens of one user (or of all when user is nil) of the given
// kinds, newest first; with active, only those that still work.
func (s *Store) Tokens(ctx context.Context, user *string, kinds []model.TokenKind, active bool, limit int) ([]model.Token, error) {
	ks := make([]string, len(kinds))
	for i, k := range kinds {
		ks[i] = string(k)
	}
	return read(ctx, s, "tokens", tokensListCypher, map[string]any{"user": user, "kinds": ks, "active": active, "now": now(), "limit": limit},
		func(r *neo4j.Record) (model.Token, error) { return tokenFrom(r.Values[0].(neo4j.Node)), nil })
}

// RevokeToken ends a token by id.
func (s *Store) RevokeToken(ctx context.Context, id string) (model.Token, error) {
	return s.revoke(ctx, map[string]any{"id": id, "hash": nil}, fmt.Sprintf("no token with id %q", id))
}

// RevokeSecret ends the token behind a secret: a browser session logging out.
func (s *Store) RevokeSecret(ctx context.Context, secret string) error {
	_, err := s.revoke(ctx, map[string]any{"id": nil, "hash": auth.Hash(secret)}, "no such session")
	return err
}

func (s *Store) revoke(ctx context.Context, params map[string]any, missing string) (model.Token, error) {
	params["now"] = now()
	return write(ctx, s, "revoke token", func(tx neo4j.ManagedTransaction) (model.Token, error) {
		recs, err := run(ctx, tx, tokenRevokeCypher, params)
		if err != nil {
			return model.Token{}, err
		}
		if len(recs) == 0 {
			return model.Token{}, apperr.New(apperr.NotFound, "%s", missing)
		}
		return tokenFrom(recs[0].Values[0].(neo4j.Node)), nil
	})
}

// Audit writes one audit event.
func (s *Store) Audit(ctx context.Context, e model.AuditEvent) error {
	_, err := write(ctx, s, "write audit event", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := run(ctx, tx, auditWriteCypher, map[string]any{"id": newID("audit"), "now": now(), "user": e.User,
			"role": string(e.Role), "action": e.Action, "target": e.Target, "outcome": e.Outcome, "args": e.Args})
		return struct{}{}, err
	})
	return err
}

// AuditFilter narrows the audit log; nil fields match everything.
type AuditFilter struct {
	User, Action, Target *string
}

// AuditEvents returns a page of the audit log, newest first, and the count
// of events the filter matches.
func (s *Store) AuditEvents(ctx context.Context, f AuditFilter, skip, limit int) ([]model.AuditEvent, int, error) {
	type pageOf struct {
		events []model.AuditEvent
		total  int
	}
	rows, err := read(ctx, s, "audit events", auditListCypher, map[string]any{"user": f.User, "action": f.Action, "target": f.Target,
		"skip": skip, "limit": limit}, func(r *neo4j.Record) (pageOf, error) {
		m := r.AsMap()
		list, _ := m["page"].([]any)
		p := pageOf{total: asInt(m["total"])}
		for _, v := range list {
			n := v.(neo4j.Node).Props
			p.events = append(p.events, model.AuditEvent{ID: str(n["id"]), At: instant(n["at"]), User: str(n["user"]),
				Role: model.Role(str(n["role"])), Action: str(n["action"]), Target: optStr(n["target"]),
				Outcome: str(n["outcome"]), Args: optStr(n["args"])})
		}
		return p, nil
	})
	if err != nil || len(rows) == 0 {
		return nil, 0, err
	}
	return rows[0].events, rows[0].total, nil
}
