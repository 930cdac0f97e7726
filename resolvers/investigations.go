package resolvers

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/iograph/iograph/graph"
	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/querysize"
	"github.com/iograph/iograph/internal/store"
)

// Limits of what analysts write.
const (
	maxTitle    = 200
	maxNote     = 10000
	maxDocument = 100_000
	maxLinked   = 100
)

// schema is the executable schema's AST, which saved documents are checked
// against.
var schema = sync.OnceValue(func() *ast.Schema { return graph.NewExecutableSchema(graph.Config{}).Schema() })

// CheckDocument validates a saved query's document and default variables
// against the schema as it is now: it must parse, validate, hold exactly one
// operation, which is a query (running a saved query must never change
// data), and its variables must be declared. Every problem is listed, each
// with its line and column. `iograph queries check` runs it over every
// saved query after a schema change.
func CheckDocument(doc string, vars map[string]any) (*ast.OperationDefinition, error) {
	if strings.TrimSpace(doc) == "" {
		return nil, apperr.New(apperr.BadInput, "the document is empty")
	}
	if len(doc) > maxDocument {
		return nil, apperr.New(apperr.BadInput, "the document has %d bytes; at most %d", len(doc), maxDocument)
	}
	if err := querysize.Check(doc); err != nil { // validation is quadratic in repeated fields
		return nil, err
	}
	q, errs := gqlparser.LoadQuery(schema(), doc)
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

func checkTitle(t string) (string, error) {
	t = strings.TrimSpace(t)
	if t == "" || len([]rune(t)) > maxTitle {
		return "", apperr.New(apperr.BadInput, "title must be 1 to %d characters, got %d", maxTitle, len([]rune(t)))
	}
	return t, nil
}

func checkAccounts(uids []string) error {
	if len(uids) == 0 || len(uids) > maxLinked {
		return apperr.New(apperr.BadInput, "accounts must list 1 to %d ids, got %d", maxLinked, len(uids))
	}
	return nil
}

func lowerTags(tags []string) []string {
	if tags == nil {
		return nil
	}
	out := []string{}
	for _, t := range tags {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func (r *Resolver) createInvestigation(ctx context.Context, in model.InvestigationInput) (*model.Investigation, error) {
	var err error
	in.Author = author(ctx)
	if in.Title, err = checkTitle(in.Title); err != nil {
		return nil, err
	}
	if len(in.Seeds) > maxLinked {
		return nil, apperr.New(apperr.BadInput, "seeds must list at most %d ids, got %d", maxLinked, len(in.Seeds))
	}
	in.Tags = lowerTags(in.Tags)
	id, err := r.Store.CreateInvestigation(ctx, in)
	if err != nil {
		return nil, err
	}
	return r.Store.Investigation(ctx, id)
}

func (r *Resolver) updateInvestigation(ctx context.Context, id string, p model.InvestigationPatch) (*model.Investigation, error) {
	if p.Title != nil {
		t, err := checkTitle(*p.Title)
		if err != nil {
			return nil, err
		}
		p.Title = &t
	}
	p.Tags = lowerTags(p.Tags)
	if err := r.Store.UpdateInvestigation(ctx, id, p); err != nil {
		return nil, err
	}
	return r.Store.Investigation(ctx, id)
}

func (r *Resolver) link(ctx context.Context, id string, rel store.Link, uids []string, remove bool) (*model.Investigation, error) {
	if err := checkAccounts(uids); err != nil {
		return nil, err
	}
	if err := r.Store.LinkAccounts(ctx, id, rel, uids, remove); err != nil {
		return nil, err
	}
	return r.Store.Investigation(ctx, id)
}

func (r *Resolver) addNote(ctx context.Context, in model.NoteInput) (*model.Note, error) {
	in.Text = strings.TrimSpace(in.Text)
	in.Author = author(ctx)
	switch {
	case in.Text == "" || len([]rune(in.Text)) > maxNote:
		return nil, apperr.New(apperr.BadInput, "text must be 1 to %d characters, got %d", maxNote, len([]rune(in.Text)))
	case in.Investigation == nil && in.About == nil:
		return nil, apperr.New(apperr.BadInput, "a note needs an investigation, a node (about), or both")
	}
	id, err := r.Store.AddNote(ctx, in)
	if err != nil {
		return nil, err
	}
	var about *string
	if in.About != nil {
		about = in.About
	}
	notes, err := r.Store.Notes(ctx, in.Investigation, about)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		if n.ID == id {
			return &n, nil
		}
	}
	return nil, apperr.New(apperr.Internal, "note %s was saved but cannot be read back", id)
}

func (r *Resolver) saveQuery(ctx context.Context, in model.SavedQueryInput) (*model.SavedQuery, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len([]rune(in.Name)) > maxTitle {
		return nil, apperr.New(apperr.BadInput, "name must be 1 to %d characters, got %d", maxTitle, len([]rune(in.Name)))
	}
	op, err := CheckDocument(in.Document, in.Variables)
	if err != nil {
		return nil, err
	}
	id, err := r.Store.SaveQuery(ctx, in, mentioned(op, in.Variables))
	if err != nil {
		return nil, err
	}
	return r.Store.SavedQuery(ctx, id)
}

func (r *Resolver) updateQuery(ctx context.Context, id string, p model.SavedQueryPatch) (*model.SavedQuery, error) {
	cur, err := r.Store.SavedQuery(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Name != nil {
		n := strings.TrimSpace(*p.Name)
		if n == "" || len([]rune(n)) > maxTitle {
			return nil, apperr.New(apperr.BadInput, "name must be 1 to %d characters, got %d", maxTitle, len([]rune(n)))
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
	op, err := CheckDocument(doc, vars)
	if err != nil {
		return nil, err
	}
	if err := r.Store.UpdateQuery(ctx, id, p, mentioned(op, vars)); err != nil {
		return nil, err
	}
	return r.Store.SavedQuery(ctx, id)
}

// runSavedQuery executes a saved document through the same executable
// schema, limits and checks as a live request (Exec is the server's
// executor), with the saved defaults overridden by vars.
func (r *Resolver) runSavedQuery(ctx context.Context, id string, vars map[string]any) (*model.QueryRun, error) {
	if r.Exec == nil {
		return nil, apperr.New(apperr.Internal, "this server cannot run saved queries")
	}
	q, err := r.Store.SavedQuery(ctx, id)
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
	if _, err := CheckDocument(q.Document, merged); err != nil {
		// the schema changed since it was saved, or vars name unknown variables
		return nil, err
	}
	ranAt := time.Now().UTC()
	resp := r.Exec(ctx, q.Document, merged)
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
	if err := r.Store.QueryRan(ctx, id); err != nil {
		return nil, err
	}
	t := ranAt
	q.LastRunAt = &t
	return run, nil
}

func (r *Resolver) investigations(ctx context.Context, status *model.InvestigationStatus, tag *string, first *int, after *string) (*model.InvestigationConnection, error) {
	skip, limit, err := pageArgs(first, after, 20, 100)
	if err != nil {
		return nil, err
	}
	ids, total, err := r.Store.InvestigationPage(ctx, status, tag, skip, limit)
	if err != nil {
		return nil, err
	}
	list, err := r.Store.Investigations(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &model.InvestigationConnection{TotalCount: total, PageInfo: pageInfo(skip, len(list), total), Edges: []model.InvestigationEdge{}}
	for i, inv := range list {
		out.Edges = append(out.Edges, model.InvestigationEdge{Cursor: encodeCursor(skip + i), Node: inv})
	}
	return out, nil
}

func (r *Resolver) savedQueries(ctx context.Context, investigation *string, first *int, after *string) (*model.SavedQueryConnection, error) {
	skip, limit, err := pageArgs(first, after, 20, 100)
	if err != nil {
		return nil, err
	}
	if investigation != nil {
		if _, err := r.Store.Investigation(ctx, *investigation); err != nil {
			return nil, err
		}
	}
	ids, total, err := r.Store.SavedQueryPage(ctx, investigation, skip, limit)
	if err != nil {
		return nil, err
	}
	list, err := r.Store.SavedQueries(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &model.SavedQueryConnection{TotalCount: total, PageInfo: pageInfo(skip, len(list), total), Edges: []model.SavedQueryEdge{}}
	for i, q := range list {
		out.Edges = append(out.Edges, model.SavedQueryEdge{Cursor: encodeCursor(skip + i), Node: q})
	}
	return out, nil
}
