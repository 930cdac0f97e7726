package model

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Role is what a user may do. The three steps follow Grafana's Viewer,
// Editor and Admin and Neo4j's reader, editor and admin, so an operator who
// knows either knows these: each role can do all that the one below it can.
type Role string

const (
	RoleViewer  Role = "VIEWER"
	RoleAnalyst Role = "ANALYST"
	RoleAdmin   Role = "ADMIN"
)

// Roles lists the roles from least to most privileged.
var Roles = []Role{RoleViewer, RoleAnalyst, RoleAdmin}

// rank orders roles; an unknown role ranks below every real one, so a
// corrupted or missing role grants nothing.
func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Allows reports whether a user with role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r.rank() > 0 && r.rank() >= need.rank() }

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// ParseRole reads a role case-insensitively ("analyst", "ADMIN").
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if strings.EqualFold(string(r), s) {
			return r, nil
		}
	}
	return "", fmt.Errorf("role %q is not one of viewer, analyst, admin", s)
}

// MarshalGQL writes the enum value.
func (r Role) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads an enum value.
func (r *Role) UnmarshalGQL(v any) error {
	x, _ := v.(string)
	if !Role(x).Valid() {
		return fmt.Errorf("%q is not a Role", x)
	}
	*r = Role(x)
	return nil
}

// User is a person or a service that signs in to iograph.
type User struct {
	Name      string
	Role      Role
	CreatedAt time.Time
	// Disabled users keep their history (authorship, audit events) but
	// every token of theirs stops working.
	Disabled bool
}

// TokenKind says how a token was issued and so how long it lives.
type TokenKind string

const (
	// TokenAPI is a bearer token for API clients, issued by an admin.
	TokenAPI TokenKind = "API"
	// TokenSession backs a browser's session cookie.
	TokenSession TokenKind = "SESSION"
	// TokenLogin is a one-time login link's secret, exchanged for a session.
	TokenLogin TokenKind = "LOGIN"
)

// MarshalGQL writes the enum value.
func (k TokenKind) MarshalGQL(w io.Writer) { io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads an enum value.
func (k *TokenKind) UnmarshalGQL(v any) error {
	x, _ := v.(string)
	switch TokenKind(x) {
	case TokenAPI, TokenSession, TokenLogin:
		*k = TokenKind(x)
		return nil
	}
	return fmt.Errorf("%q is not a TokenKind", x)
}

// Token is what is known of an issued secret; the secret itself is stored
// only as a hash and shown once, when it is created.
type Token struct {
	ID        string
	User      string
	Kind      TokenKind
	Note      *string
	CreatedAt time.Time
	ExpiresAt *time.Time
	RevokedAt *time.Time
}

// NewToken is a token just created, with its secret: the only time the
// secret exists outside the client that keeps it.
type NewToken struct {
	Token  Token
	Secret string
}

// AuditEvent records one mutation (or a refused attempt at one): who, when,
// what, on which node, and how it ended.
type AuditEvent struct {
	ID     string
	At     time.Time
	User   string
	Role   Role
	Action string
	Target *string
	// Outcome is "ok" or the error code the client was given.
	Outcome string
	// Args are the mutation's arguments as JSON, cut to a bounded size.
	Args *string
}

// AuditEventConnection is a page of audit events.
type AuditEventConnection struct {
	Edges      []AuditEventEdge
	PageInfo   PageInfo
	TotalCount int
}

// AuditEventEdge is one audit event in a page.
type AuditEventEdge struct {
	Cursor string
	Node   AuditEvent
}
