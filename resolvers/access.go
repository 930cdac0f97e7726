package resolvers

import (
	"context"
	"log/slog"
	"reflect"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/auth"
	"github.com/iograph/iograph/internal/model"
)

// Access control happens here, inside the schema's execution, so that every
// way into it (HTTP, saved queries run by runSavedQuery, the export handler,
// the command line's in-process runner) is checked alike: the HTTP edge only
// establishes who is asking.

// HasRole implements the schema's @hasRole directive.
func HasRole(ctx context.Context, _ any, next graphql.Resolver, role model.Role) (any, error) {
	if err := require(ctx, role); err != nil {
		return nil, err
	}
	return next(ctx)
}

func require(ctx context.Context, role model.Role) error {
	id, ok := auth.From(ctx)
	if !ok {
		return apperr.New(apperr.Unauthenticated, "sign in first: send `Authorization: Bearer <token>` or log in at /login")
	}
	if !id.Role.Allows(role) {
		return apperr.New(apperr.Forbidden, "this needs the %s role; %s has %s", role, id.User, id.Role)
	}
	return nil
}

// Fields is the field middleware the executors install: a root field needs
// a signed-in user (the VIEWER role) even where the schema names no role,
// and every mutation, allowed or refused, leaves an audit event.
func (r *Resolver) Fields(log *slog.Logger) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || !fc.IsResolver || fc.Parent == nil || fc.Parent.Parent != nil {
			return next(ctx) // not a root field
		}
		switch fc.Object {
		case "Query":
			if err := require(ctx, model.RoleViewer); err != nil {
				return nil, err
			}
			return next(ctx)
		case "Mutation":
			res, err := next(ctx)
			r.audit(ctx, log, fc, res, err)
			return res, err
		}
		return next(ctx)
	}
}

// audit records a mutation. It writes after the mutation's own transaction,
// with a context that outlives a client who left, so a change that was made
// is recorded even then.
func (r *Resolver) audit(ctx context.Context, log *slog.Logger, fc *graphql.FieldContext, res any, err error) {
	e := auth.Event(ctx, fc.Field.Name, targetOf(fc.Field.Name, fc.Args, res), fc.Args, err)
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if werr := r.Store.Audit(actx, e); werr != nil {
		log.ErrorContext(ctx, "audit event not written", "action", e.Action, "user", e.User, "err", werr)
	}
}

// targetOf names the node a mutation is about: its answer's id, else the
// id an argument names; users are named `user:<name>`.
func targetOf(action string, args map[string]any, res any) string {
	switch action {
	case "createUser", "updateUser":
		s, _ := args["name"].(string)
		return "user:" + s
	case "createToken":
		if t, ok := res.(*model.NewToken); ok && t != nil && t.Token.ID != "" {
			return t.Token.ID
		}
		s, _ := args["user"].(string)
		return "user:" + s
	}
	if v := reflect.ValueOf(res); v.IsValid() {
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.String:
			return v.String()
		case reflect.Struct:
			if f := v.FieldByName("ID"); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
				return f.String()
			}
		}
	}
	for _, k := range []string{"id", "investigation"} {
		if s, ok := args[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}
