package resolvers

import (
	"context"
	"slices"
	"strings"

	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

// Limits of what analysts write.
const (
	maxTitle  = app.MaxTitle
	maxNote   = 10000
	maxLinked = 100
)

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
