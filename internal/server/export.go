package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/export"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/resolvers"
)

// ExportRequest says what to export: a saved query (its default variables
// overridden by Variables) or a document, and which network of its result
// (Path, when it holds several).
type ExportRequest struct {
	SavedQuery, Document, Path string
	Variables                  map[string]any
	Format                     export.Format
}

// Export runs the request's query through run (the API's executor, with its
// checks and limits) and returns the network of its result as a file in the
// request's format, with a file name for it.
func Export(ctx context.Context, st *store.Store, run func(context.Context, string, map[string]any) *graphql.Response, req ExportRequest) ([]byte, string, error) {
	doc, vars, title := req.Document, req.Variables, "iograph export"
	if req.SavedQuery != "" {
		q, err := st.SavedQuery(ctx, req.SavedQuery)
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
	if _, err := resolvers.CheckDocument(doc, vars); err != nil {
		return nil, "", err
	}
	resp := run(ctx, doc, vars)
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

// exportHandler serves GET /export/{format}?savedQuery=ID&variables=JSON&path=P
// or ?query=DOC: the network of a query's result as a file to download.
func exportHandler(st *store.Store, run func(context.Context, string, map[string]any) *graphql.Response, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail := func(err error) {
			kind := apperr.KindOf(err)
			status := map[apperr.Kind]int{apperr.BadInput: 400, apperr.NotFound: 404, apperr.LimitExceeded: 400,
				apperr.Unavailable: 503}[kind]
			if status == 0 {
				status = 500
				log.ErrorContext(r.Context(), "export failed", "err", err)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": boundMessage(apperr.Message(err), true), "code": string(kind)})
		}
		f, err := export.ParseFormat(r.PathValue("format"))
		if err != nil {
			fail(err)
			return
		}
		q := r.URL.Query()
		req := ExportRequest{SavedQuery: q.Get("savedQuery"), Document: q.Get("query"), Path: q.Get("path"), Format: f}
		if v := q.Get("variables"); v != "" {
			dec := json.NewDecoder(strings.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(&req.Variables); err != nil {
				fail(apperr.New(apperr.BadInput, "variables is not a JSON object: %v", err))
				return
			}
		}
		body, name, err := Export(r.Context(), st, run, req)
		if err != nil {
			fail(err)
			return
		}
		w.Header().Set("Content-Type", f.ContentType())
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
		_, _ = w.Write(body)
	})
}
