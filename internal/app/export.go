package app

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/export"
)

// ExportRequest says what to export: a saved query (its default variables
// overridden by Variables) or a document, and which network of its result
// (Path, when it holds several).
type ExportRequest struct {
	SavedQuery, Document, Path string
	Variables                  map[string]any
	Format                     export.Format
}

// Export runs the request's query through the App's Exec (the API's
// executor, with its checks and limits) and returns the network of its
// result as a file in the request's format, with a file name for it.
func (a *App) Export(ctx context.Context, req ExportRequest) ([]byte, string, error) {
	doc, vars, title := req.Document, req.Variables, "iograph export"
	if req.SavedQuery != "" {
		q, err := a.store.SavedQuery(ctx, req.SavedQuery)
		if err != nil {
			return nil, "", err
		}
		doc, title = q.Document, q.Name
		merged := map[string]any{}
		for k, v := range q.Variables {
			merged[k] = v
		}
		for k, v := range req.Variables {
			merged[k] = v
		}
		vars = merged
	} else if doc == "" {
		return nil, "", apperr.New(apperr.BadInput, "give a saved query id (savedQuery) or a GraphQL document (query)")
	}
	if _, err := a.CheckDocument(doc, vars); err != nil {
		return nil, "", err
	}
	if a.exec == nil {
		return nil, "", apperr.New(apperr.Internal, "this process cannot run GraphQL documents")
	}
	resp := a.exec(ctx, doc, vars)
	if len(resp.Errors) > 0 {
		code, _ := resp.Errors[0].Extensions["code"].(string)
		kind := apperr.BadInput
		switch apperr.Kind(code) {
		case apperr.NotFound, apperr.LimitExceeded, apperr.Unavailable, apperr.Internal:
			kind = apperr.Kind(code)
		}
		return nil, "", apperr.New(kind, "the query failed: %s", apperr.Clip(resp.Errors.Error(), apperr.MaxEcho))
	}
	net, path, err := export.FromResponse(resp.Data, req.Path)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	meta := export.Meta{Title: title, Source: "iograph", Created: time.Now().UTC(),
		Description: fmt.Sprintf("%s: %s of %s, %d nodes, %d edges", title, path, describe(req), len(net.Nodes), len(net.Edges))}
	if err := export.Write(&buf, req.Format, net, meta); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), fileName(title) + req.Format.Extension(), nil
}

func describe(req ExportRequest) string {
	if req.SavedQuery != "" {
		return "saved query " + req.SavedQuery
	}
	return "a query"
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(title string) string {
	n := strings.Trim(unsafeName.ReplaceAllString(title, "-"), "-.")
	if n == "" {
		return "iograph-export"
	}
	return strings.ToLower(n[:min(len(n), 80)])
}
