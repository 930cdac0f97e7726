package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/export"
)

// exportHandler serves GET /export/{format}?savedQuery=ID&variables=JSON&path=P
// or ?query=DOC: the network of a query's result as a file to download.
func exportHandler(uc *app.App, log *slog.Logger) http.Handler {
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
		req := app.ExportRequest{SavedQuery: q.Get("savedQuery"), Document: q.Get("query"), Path: q.Get("path"), Format: f}
		if v := q.Get("variables"); v != "" {
			dec := json.NewDecoder(strings.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(&req.Variables); err != nil {
				fail(apperr.New(apperr.BadInput, "variables is not a JSON object: %v", err))
				return
			}
		}
		body, name, err := uc.Export(r.Context(), req)
		if err != nil {
			fail(err)
			return
		}
		w.Header().Set("Content-Type", f.ContentType())
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
		_, _ = w.Write(body)
	})
}
