// Package apperr gives errors a kind that the edges (the GraphQL error
// presenter, the CLI's exit) map once to a code or an exit status. Inner layers
// wrap with context and never decide how an error is shown.
package apperr

import (
	"errors"
	"fmt"
	"unicode/utf8"
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

	// Kinds of a request the HTTP transport refuses before any GraphQL runs.
	BadRequest           Kind = "BAD_REQUEST"            // not one well-formed GraphQL request
	PayloadTooLarge      Kind = "PAYLOAD_TOO_LARGE"      // body over the size limit
	UnsupportedMediaType Kind = "UNSUPPORTED_MEDIA_TYPE" // body not labelled JSON
	MethodNotAllowed     Kind = "METHOD_NOT_ALLOWED"     // neither GET nor POST, or a mutation over GET
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

// MaxEcho is how much of a client's input a message may quote in one run;
// the API edge cuts longer runs (server.boundMessage), and messages that
// quote input of their own making clip it with Clip.
const MaxEcho = 200

// Clip shortens s to at most n bytes, on a rune boundary, marking a cut with
// "…": for user input quoted in a message, so that no message repeats much
// of what a client sent.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…"
	cut := max(n-len(mark), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}
