package resolvers

import (
	"context"

	"github.com/iograph/iograph/internal/model"
)

// investigations and savedQueries shape the use cases' pages as GraphQL
// connections; cursors are the API's, not the use cases'.
func (r *Resolver) investigations(ctx context.Context, status *model.InvestigationStatus, tag *string, first *int, after *string) (*model.InvestigationConnection, error) {
	skip, limit, err := pageArgs(first, after, 20, 100)
	if err != nil {
		return nil, err
	}
	list, total, err := r.App.Investigations(ctx, status, tag, skip, limit)
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
	list, total, err := r.App.SavedQueries(ctx, investigation, skip, limit)
	if err != nil {
		return nil, err
	}
	out := &model.SavedQueryConnection{TotalCount: total, PageInfo: pageInfo(skip, len(list), total), Edges: []model.SavedQueryEdge{}}
	for i, q := range list {
		out.Edges = append(out.Edges, model.SavedQueryEdge{Cursor: encodeCursor(skip + i), Node: q})
	}
	return out, nil
}
