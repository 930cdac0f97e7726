// Package apperr gives errors a kind that the edges (the GraphQL error
// presenter, the CLI's exit) map once to a code or an exit status. Inner layers
// wrap with context and never decide how an error is shown.
package apperr

import (
	"errors"
	"fmt"
)

// Kind is the class of an error as a client sees it; its string is the
// GraphQL `extensions.code`.
type Kind string

const (
	NotFound      Kind = "NOT_FOUND"
	BadInput      Kind = "BAD_INPUT"
	LimitExceeded Kind = "LIMIT_EXCEEDED"
	Unavailable   Kind = "UNAVAILABLE"
	Internal      Kind = "INTERNAL"
	// Unauthenticated: the request carries no identity, or one that does
	// not hold (unknown, expired or revoked token).
	Unauthenticated Kind = "UNAUTHENTICATED"
	// Forbidden: the identity holds, but its role does not allow the
	// operation, or the request came from where it may not (host, origin).
	Forbidden Kind = "FORBIDDEN"
)

// Error carries a Kind and a message that is safe to show to a client.
type Error struct {
	Kind Kind
	Msg  string
	Err  error // the cause, for logs; never shown to clients
}

func (e *Error) Error() string {
	if e.Err != nil && e.Msg == "" {
		return e.Err.Error()
	}
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k with a client-safe message.
func New(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// Wrap attaches kind k and a client-safe message to err.
func Wrap(k Kind, err error, format string, args ...any) error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...), Err: err}
}

// KindOf reports the kind of the outermost *Error in err's chain, or Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Message is what a client may see: the *Error's message, or a generic text
// for anything unclassified, so driver and Go internals never leak.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Msg != "" {
		return e.Msg
	}
	return "internal error"
}
