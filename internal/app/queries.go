package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/querysize"
)

// CheckDocument is CheckDocument against the App's schema.
func (a *App) CheckDocument(doc string, vars map[string]any) (*ast.OperationDefinition, error) {
	return CheckDocument(a.schema, doc, vars)
}

// CheckDocument validates a saved query's document and default variables
// against schema, the API's schema as it is now: it must parse, validate, hold exactly one
// operation, which is a query (running a saved query must never change
// data), and its variables must be declared. Every problem is listed, each
// with its line and column. `iograph queries check` runs it over every
// saved query after a schema change.
func CheckDocument(schema *ast.Schema, doc string, vars map[string]any) (*ast.OperationDefinition, error) {
	if strings.TrimSpace(doc) == "" {
		return nil, apperr.New(apperr.BadInput, "the document is empty")
	}
	if len(doc) > maxDocument {
		return nil, apperr.New(apperr.BadInput, "the document has %d bytes; at most %d", len(doc), maxDocument)
	}
	if err := querysize.Check(doc); err != nil { // validation is quadratic in repeated fields
		return nil, err
	}
	q, errs := gqlparser.LoadQuery(schema, doc)
	if len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			where := ""
			if len(e.Locations) > 0 {
				where = fmt.Sprintf(" (line %d, column %d)", e.Locations[0].Line, e.Locations[0].Column)
			}
			msgs[i] = fmt.Sprintf("%d) %s%s", i+1, apperr.Clip(e.Message, apperr.MaxEcho), where)
		}
		return nil, apperr.New(apperr.BadInput, "the document does not validate against the schema: %s", strings.Join(msgs, "; "))
	}
	if len(q.Operations) != 1 {
		return nil, apperr.New(apperr.BadInput, "a saved document holds exactly one operation; this one has %d", len(q.Operations))
	}
	op := q.Operations[0]
	if op.Operation != ast.Query {
		return nil, apperr.New(apperr.BadInput, "a saved document must be a query, not a %s: running it must not change data", op.Operation)
	}
	if err := declared(op, vars); err != nil {
		return nil, err
	}
	return op, nil
}

// declared refuses variables the operation does not declare: a misspelt
// name would otherwise be ignored and the query run with its default.
func declared(op *ast.OperationDefinition, vars map[string]any) error {
	var names []string
	for _, v := range op.VariableDefinitions {
		names = append(names, v.Variable)
	}
	var unknown []string
	for k := range vars {
		if !slices.Contains(names, k) {
			unknown = append(unknown, "$"+apperr.Clip(k, 64))
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return apperr.New(apperr.BadInput, "unknown variables %s: the document declares %s", strings.Join(unknown, ", "), dollarList(names))
	}
	return nil
}

func dollarList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "$" + n
	}
	return strings.Join(out, ", ")
}

// mentioned lists the strings a saved query names in its variables and its
// arguments that could be node ids (`twitter:123`), so the store can link the
// query to the accounts it is about.
func mentioned(op *ast.OperationDefinition, vars map[string]any) []string {
	var out []string
	var walkAny func(v any)
	walkAny = func(v any) {
		switch x := v.(type) {
		case string:
			if strings.Contains(x, ":") {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walkAny(e)
			}
		case map[string]any:
			for _, e := range x {
				walkAny(e)
			}
		}
	}
	walkAny(vars)
	var walkValue func(v *ast.Value)
	walkValue = func(v *ast.Value) {
		if v == nil {
			return
		}
		if v.Kind == ast.StringValue && strings.Contains(v.Raw, ":") {
			out = append(out, v.Raw)
		}
		for _, c := range v.Children {
			walkValue(c.Value)
		}
	}
	var walkSel func(ss ast.SelectionSet)
	walkSel = func(ss ast.SelectionSet) {
		for _, s := range ss {
			switch f := s.(type) {
			case *ast.Field:
				for _, a := range f.Arguments {
					walkValue(a.Value)
				}
				walkSel(f.SelectionSet)
			case *ast.InlineFragment:
				walkSel(f.SelectionSet)
			case *ast.FragmentSpread:
				if f.Definition != nil {
					walkSel(f.Definition.SelectionSet)
				}
			}
		}
	}
	walkSel(op.SelectionSet)
	slices.Sort(out)
	return slices.Compact(out)
}

// SaveQuery checks a saved query and keeps it, linked to the ids it names.
func (a *App) SaveQuery(ctx context.Context, in model.SavedQueryInput) (*model.SavedQuery, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len([]rune(in.Name)) > MaxTitle {
		return nil, apperr.New(apperr.BadInput, "name must be 1 to %d characters, got %d", MaxTitle, len([]rune(in.Name)))
	}
	op, err := a.CheckDocument(in.Document, in.Variables)
	if err != nil {
		return nil, err
	}
	id, err := a.store.SaveQuery(ctx, in, mentioned(op, in.Variables))
	if err != nil {
		return nil, err
	}
	return a.store.SavedQuery(ctx, id)
}

// UpdateQuery applies p to a saved query, checking the document it leaves.
func (a *App) UpdateQuery(ctx context.Context, id string, p model.SavedQueryPatch) (*model.SavedQuery, error) {
	cur, err := a.store.SavedQuery(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Name != nil {
		n := strings.TrimSpace(*p.Name)
		if n == "" || len([]rune(n)) > MaxTitle {
			return nil, apperr.New(apperr.BadInput, "name must be 1 to %d characters, got %d", MaxTitle, len([]rune(n)))
		}
		p.Name = &n
	}
	doc, vars := cur.Document, cur.Variables
	if p.Document != nil {
		doc = *p.Document
	}
	if p.Variables != nil {
		vars = p.Variables
	}
	op, err := a.CheckDocument(doc, vars)
	if err != nil {
		return nil, err
	}
	if err := a.store.UpdateQuery(ctx, id, p, mentioned(op, vars)); err != nil {
		return nil, err
	}
	return a.store.SavedQuery(ctx, id)
}

// RunSavedQuery executes a saved document through the same executable
// schema, limits and checks as a live request (the App's Exec, the
// server's executor), with the saved defaults overridden by vars.
func (a *App) RunSavedQuery(ctx context.Context, id string, vars map[string]any) (*model.QueryRun, error) {
	if a.exec == nil {
		return nil, apperr.New(apperr.Internal, "this server cannot run saved queries")
	}
	q, err := a.store.SavedQuery(ctx, id)
	if err != nil {
		return nil, err
	}
	merged := map[string]any{}
	for k, v := range q.Variables {
		merged[k] = v
	}
	for k, v := range vars {
		merged[k] = v
	}
	if _, err := a.CheckDocument(q.Document, merged); err != nil {
		// the schema changed since it was saved, or vars name unknown variables
		return nil, err
	}
	ranAt := time.Now().UTC()
	resp := a.exec(ctx, q.Document, merged)
	run := &model.QueryRun{Query: q, Variables: merged, Errors: []map[string]any{}, RanAt: ranAt}
	if len(resp.Data) > 0 && string(resp.Data) != "null" {
		if err := json.Unmarshal(resp.Data, &run.Data); err != nil {
			return nil, fmt.Errorf("run saved query %s: decode data: %w", id, err)
		}
	}
	for _, e := range resp.Errors {
		b, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("run saved query %s: encode error: %w", id, err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("run saved query %s: decode error: %w", id, err)
		}
		run.Errors = append(run.Errors, m)
	}
	if err := a.store.QueryRan(ctx, id); err != nil {
		return nil, err
	}
	t := ranAt
	q.LastRunAt = &t
	return run, nil
}
