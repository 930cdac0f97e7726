package app

import (
	"context"
	"slices"
	"strings"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/auth"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

// Limits of what analysts write on an investigation.
const (
	MaxNote   = 10000
	MaxLinked = 100
)

func checkTitle(t string) (string, error) {
	t = strings.TrimSpace(t)
	if t == "" || len([]rune(t)) > MaxTitle {
		return "", apperr.New(apperr.BadInput, "title must be 1 to %d characters, got %d", MaxTitle, len([]rune(t)))
	}
	return t, nil
}

// lowerTags keeps nil as nil: a patch without tags leaves them alone, an
// empty list clears them.
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

// author is the name notes and investigations record: the signed-in
// user's, never one the input claims.
func author(ctx context.Context) *string {
	if id, ok := auth.From(ctx); ok {
		name := strings.TrimSpace(id.User)
		return &name
	}
	return nil
}

// CreateInvestigation creates an investigation by the signed-in user and
// returns it as stored.
func (a *App) CreateInvestigation(ctx context.Context, in model.InvestigationInput) (*model.Investigation, error) {
	var err error
	in.Author = author(ctx)
	if in.Title, err = checkTitle(in.Title); err != nil {
		return nil, err
	}
	if len(in.Seeds) > MaxLinked {
		return nil, apperr.New(apperr.BadInput, "seeds must list at most %d ids, got %d", MaxLinked, len(in.Seeds))
	}
	in.Tags = lowerTags(in.Tags)
	id, err := a.store.CreateInvestigation(ctx, in)
	if err != nil {
		return nil, err
	}
	return a.store.Investigation(ctx, id)
}

// UpdateInvestigation applies p and returns the investigation as stored.
func (a *App) UpdateInvestigation(ctx context.Context, id string, p model.InvestigationPatch) (*model.Investigation, error) {
	if p.Title != nil {
		t, err := checkTitle(*p.Title)
		if err != nil {
			return nil, err
		}
		p.Title = &t
	}
	p.Tags = lowerTags(p.Tags)
	if err := a.store.UpdateInvestigation(ctx, id, p); err != nil {
		return nil, err
	}
	return a.store.Investigation(ctx, id)
}

// LinkAccounts adds (or, with remove, drops) seeds or pins and returns the
// investigation as stored.
func (a *App) LinkAccounts(ctx context.Context, id string, rel store.Link, uids []string, remove bool) (*model.Investigation, error) {
	if len(uids) == 0 || len(uids) > MaxLinked {
		return nil, apperr.New(apperr.BadInput, "accounts must list 1 to %d ids, got %d", MaxLinked, len(uids))
	}
	if err := a.store.LinkAccounts(ctx, id, rel, uids, remove); err != nil {
		return nil, err
	}
	return a.store.Investigation(ctx, id)
}

// AddNote writes a note by the signed-in user and returns it as stored, so
// the answer carries the time and id the graph gave it.
func (a *App) AddNote(ctx context.Context, in model.NoteInput) (*model.Note, error) {
	in.Text = strings.TrimSpace(in.Text)
	in.Author = author(ctx)
	switch {
	case in.Text == "" || len([]rune(in.Text)) > MaxNote:
		return nil, apperr.New(apperr.BadInput, "text must be 1 to %d characters, got %d", MaxNote, len([]rune(in.Text)))
	case in.Investigation == nil && in.About == nil:
		return nil, apperr.New(apperr.BadInput, "a note needs an investigation, a node (about), or both")
	}
	id, err := a.store.AddNote(ctx, in)
	if err != nil {
		return nil, err
	}
	notes, err := a.store.Notes(ctx, in.Investigation, in.About)
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

// Investigations is one page of the investigations with status and tag
// (nil: any), and how many there are in all.
func (a *App) Investigations(ctx context.Context, status *model.InvestigationStatus, tag *string, skip, limit int) ([]model.Investigation, int, error) {
	ids, total, err := a.store.InvestigationPage(ctx, status, tag, skip, limit)
	if err != nil {
		return nil, 0, err
	}
	list, err := a.store.Investigations(ctx, ids)
	return list, total, err
}

// SavedQueries is one page of the saved queries of an investigation (nil:
// of all), and how many there are in all. An investigation that does not
// exist is NOT_FOUND rather than an empty page, so a mistyped id is seen.
func (a *App) SavedQueries(ctx context.Context, investigation *string, skip, limit int) ([]model.SavedQuery, int, error) {
	if investigation != nil {
		if _, err := a.store.Investigation(ctx, *investigation); err != nil {
			return nil, 0, err
		}
	}
	return a.savedQueryPage(ctx, investigation, skip, limit)
}

// maxInvestigationQueries bounds Investigation.queries, which has no
// paging of its own.
const maxInvestigationQueries = 1000

// InvestigationQueries lists the saved queries of an investigation that
// was just read, so its existence is not checked again.
func (a *App) InvestigationQueries(ctx context.Context, id string) ([]model.SavedQuery, error) {
	list, _, err := a.savedQueryPage(ctx, &id, 0, maxInvestigationQueries)
	return list, err
}

func (a *App) savedQueryPage(ctx context.Context, investigation *string, skip, limit int) ([]model.SavedQuery, int, error) {
	ids, total, err := a.store.SavedQueryPage(ctx, investigation, skip, limit)
	if err != nil {
		return nil, 0, err
	}
	list, err := a.store.SavedQueries(ctx, ids)
	return list, total, err
}
