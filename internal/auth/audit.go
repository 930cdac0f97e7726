package auth

import (
	"context"
	"encoding/json"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

// MaxAuditArgs bounds the arguments an audit event keeps: the log must not
// become a place where a megabyte note is stored twice.
const MaxAuditArgs = 2048

// Event describes one change (or refused attempt) by the identity in ctx,
// for the audit log: the API's mutations and the command line's user and
// token commands record the same shape.
func Event(ctx context.Context, action, target string, args any, err error) model.AuditEvent {
	id, _ := From(ctx)
	if id.User == "" {
		id.User = "anonymous"
	}
	e := model.AuditEvent{User: id.User, Role: id.Role, Action: action, Outcome: "ok"}
	if err != nil {
		e.Outcome = string(apperr.KindOf(err))
	}
	if target != "" {
		e.Target = &target
	}
	if b, jerr := json.Marshal(args); jerr == nil && args != nil && string(b) != "{}" && string(b) != "null" {
		a := string(b)
		if len(a) > MaxAuditArgs {
			a = a[:MaxAuditArgs] + "…"
		}
		e.Args = &a
	}
	return e
}
