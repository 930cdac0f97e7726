package store

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

// Investigations, notes and saved queries are what analysts write. Each
// mutation runs in one write transaction, its checks included, so a refused
// or failed change leaves nothing behind.

var (
	//go:embed accounts_missing.cypher
	accountsMissingCypher string
	//go:embed investigation_create.cypher
	investigationCreateCypher string
	//go:embed investigation_get.cypher
	investigationGetCypher string
	//go:embed investigations_list.cypher
	investigationsListCypher string
	//go:embed investigation_update.cypher
	investigationUpdateCypher string
	//go:embed investigation_link.cypher
	investigationLinkCypher string
	//go:embed investigation_unlink.cypher
	investigationUnlinkCypher string
	//go:embed note_create.cypher
	noteCreateCypher string
	//go:embed node_exists.cypher
	nodeExistsCypher string
	//go:embed notes.cypher
	notesCypher string
	//go:embed query_name_taken.cypher
	queryNameTakenCypher string
	//go:embed query_create.cypher
	queryCreateCypher string
	//go:embed query_update.cypher
	queryUpdateCypher string
	//go:embed query_get.cypher
	queryGetCypher string
	//go:embed queries_list.cypher
	queriesListCypher string
	//go:embed query_history.cypher
	queryHistoryCypher string
	//go:embed query_delete.cypher
	queryDeleteCypher string
	//go:embed query_ran.cypher
	queryRanCypher string
)

// Link is a relationship an investigation has to accounts; the values are
// the only relationship types investigation_link.cypher writes.
type Link string

const (
	LinkSeed   Link = "SEED"
	LinkPinned Link = "PINNED"
)

func newID(prefix string) string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on Linux
	return prefix + ":" + hex.EncodeToString(b[:])
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// requireAccounts fails with NOT_FOUND naming every id the graph lacks.
func requireAccounts(ctx context.Context, tx neo4j.ManagedTransaction, uids []string) error {
	if len(uids) == 0 {
		return nil
	}
	recs, err := run(ctx, tx, accountsMissingCypher, map[string]any{"uids": uids})
	if err != nil {
		return err
	}
	if missing, _ := recs[0].Values[0].([]any); len(missing) > 0 {
		names := make([]string, len(missing))
		for i, m := range missing {
			names[i] = fmt.Sprintf("%q", m)
		}
		return apperr.New(apperr.NotFound, "no account with id %s", strings.Join(names, ", "))
	}
	return nil
}

func requireInvestigation(ctx context.Context, tx neo4j.ManagedTransaction, id string) error {
	recs, err := run(ctx, tx, investigationGetCypher, map[string]any{"ids": []string{id}})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return apperr.New(apperr.NotFound, "no investigation with id %q", id)
	}
	return nil
}

// CreateInvestigation opens an investigation with its first seeds.
func (s *Store) CreateInvestigation(ctx context.Context, in model.InvestigationInput) (string, error) {
	id := newID("investigation")
	return write(ctx, s, "create investigation", func(tx neo4j.ManagedTransaction) (string, error) {
		if err := requireAccounts(ctx, tx, in.Seeds); err != nil {
			return "", err
		}
		_, err := run(ctx, tx, investigationCreateCypher, map[string]any{"id": id, "title": in.Title, "description": in.Description,
			"author": in.Author, "tags": nonNil(in.Tags), "seeds": nonNil(in.Seeds), "now": now()})
		return id, err
	})
}

// UpdateInvestigation changes what the patch sets.
func (s *Store) UpdateInvestigation(ctx context.Context, id string, p model.InvestigationPatch) error {
	var status any
	if p.Status != nil {
		status = string(*p.Status)
	}
	var tags any
	if p.Tags != nil {
		tags = p.Tags
	}
	_, err := write(ctx, s, "update investigation", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		recs, err := run(ctx, tx, investigationUpdateCypher, map[string]any{"id": id, "title": p.Title,
			"setDescription": p.Description != nil, "description": p.Description, "status": status, "tags": tags, "now": now()})
		if err == nil && len(recs) == 0 {
			err = apperr.New(apperr.NotFound, "no investigation with id %q", id)
		}
		return struct{}{}, err
	})
	return err
}

// LinkAccounts adds (or with remove, removes) seeds or pins.
func (s *Store) LinkAccounts(ctx context.Context, id string, rel Link, uids []string, remove bool) error {
	if rel != LinkSeed && rel != LinkPinned {
		return fmt.Errorf("link accounts: unknown link %q", rel)
	}
	_, err := write(ctx, s, "link accounts", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		if err := requireInvestigation(ctx, tx, id); err != nil {
			return struct{}{}, err
		}
		q := investigationLinkCypher
		if remove {
			q = investigationUnlinkCypher
		} else if err := requireAccounts(ctx, tx, uids); err != nil {
			return struct{}{}, err
		}
		_, err := run(ctx, tx, q, map[string]any{"id": id, "rel": string(rel), "uids": uids, "now": now()})
		return struct{}{}, err
	})
	return err
}

// Investigations returns investigations by id, in the order asked; unknown
// ids are left out.
func (s *Store) Investigations(ctx context.Context, ids []string) ([]model.Investigation, error) {
	found, err := read(ctx, s, "investigations", investigationGetCypher, map[string]any{"ids": ids}, func(r *neo4j.Record) (model.Investigation, error) {
		m := r.AsMap()
		n := m["i"].(neo4j.Node).Props
		inv := model.Investigation{ID: str(n["id"]), Title: str(n["title"]), Description: optStr(n["description"]),
			Author: optStr(n["author"]), Status: model.InvestigationStatus(str(n["status"])), Tags: strList(n["tags"]),
			CreatedAt: instant(n["createdAt"]), UpdatedAt: instant(n["updatedAt"])}
		for _, a := range m["seeds"].([]any) {
			inv.Seeds = append(inv.Seeds, accountFromNode(a.(neo4j.Node)))
		}
		for _, a := range m["pinned"].([]any) {
			inv.Pinned = append(inv.Pinned, accountFromNode(a.(neo4j.Node)))
		}
		return inv, nil
	})
	if err != nil {
		return nil, err
	}
	byID := map[string]model.Investigation{}
	for _, i := range found {
		byID[i.ID] = i
	}
	out := make([]model.Investigation, 0, len(ids))
	for _, id := range ids {
		if i, ok := byID[id]; ok {
			out = append(out, i)
		}
	}
	return out, nil
}

// Investigation returns one investigation or NOT_FOUND.
func (s *Store) Investigation(ctx context.Context, id string) (*model.Investigation, error) {
	list, err := s.Investigations(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, apperr.New(apperr.NotFound, "no investigation with id %q", id)
	}
	return &list[0], nil
}

// InvestigationPage lists investigation ids, most recently updated first.
func (s *Store) InvestigationPage(ctx context.Context, status *model.InvestigationStatus, tag *string, skip, limit int) ([]string, int, error) {
	var st any
	if status != nil {
		st = string(*status)
	}
	var tg any
	if tag != nil {
		tg = strings.ToLower(*tag)
	}
	return page(ctx, s, "investigations", investigationsListCypher, map[string]any{"status": st, "tag": tg, "skip": skip, "limit": limit})
}

func page(ctx context.Context, s *Store, op, q string, params map[string]any) ([]string, int, error) {
	rows, err := read(ctx, s, op, q, params, func(r *neo4j.Record) (struct {
		ids   []string
		total int
	}, error) {
		m := r.AsMap()
		return struct {
			ids   []string
			total int
		}{strList(m["page"]), asInt(m["total"])}, nil
	})
	if err != nil || len(rows) == 0 {
		return nil, 0, err
	}
	return rows[0].ids, rows[0].total, nil
}

// AddNote writes a note; its investigation and node must exist.
func (s *Store) AddNote(ctx context.Context, in model.NoteInput) (string, error) {
	id := newID("note")
	return write(ctx, s, "add note", func(tx neo4j.ManagedTransaction) (string, error) {
		if in.Investigation != nil {
			if err := requireInvestigation(ctx, tx, *in.Investigation); err != nil {
				return "", err
			}
		}
		if in.About != nil {
			recs, err := run(ctx, tx, nodeExistsCypher, map[string]any{"uid": *in.About})
			if err != nil {
				return "", err
			}
			if found, _ := recs[0].Values[0].(bool); !found {
				return "", apperr.New(apperr.NotFound, "no account or post with id %q", *in.About)
			}
		}
		_, err := run(ctx, tx, noteCreateCypher, map[string]any{"id": id, "text": in.Text, "author": in.Author,
			"investigation": in.Investigation, "about": in.About, "now": now()})
		return id, err
	})
}

// Notes returns the notes of an investigation or about a node.
func (s *Store) Notes(ctx context.Context, investigation, about *string) ([]model.Note, error) {
	return read(ctx, s, "notes", notesCypher, map[string]any{"investigation": investigation, "about": about}, func(r *neo4j.Record) (model.Note, error) {
		m := r.AsMap()
		n := m["n"].(neo4j.Node).Props
		return model.Note{ID: str(n["id"]), Text: str(n["text"]), Author: optStr(n["author"]), CreatedAt: instant(n["createdAt"]),
			About: optStr(m["about"]), Investigation: optStr(m["investigation"])}, nil
	})
}

// SaveQuery stores a validated query. about lists the account ids its
// variables and arguments name.
func (s *Store) SaveQuery(ctx context.Context, in model.SavedQueryInput, about []string) (string, error) {
	id := newID("query")
	vars, err := json.Marshal(nonNilMap(in.Variables))
	if err != nil {
		return "", apperr.Wrap(apperr.BadInput, err, "variables are not JSON")
	}
	return write(ctx, s, "save query", func(tx neo4j.ManagedTransaction) (string, error) {
		if in.Investigation != nil {
			if err := requireInvestigation(ctx, tx, *in.Investigation); err != nil {
				return "", err
			}
		}
		if err := nameFree(ctx, tx, in.Name, in.Investigation, ""); err != nil {
			return "", err
		}
		_, err := run(ctx, tx, queryCreateCypher, map[string]any{"id": id, "name": in.Name, "description": in.Description,
			"document": in.Document, "variables": string(vars), "investigation": in.Investigation, "about": nonNil(about), "now": now()})
		return id, err
	})
}

func nameFree(ctx context.Context, tx neo4j.ManagedTransaction, name string, investigation *string, self string) error {
	recs, err := run(ctx, tx, queryNameTakenCypher, map[string]any{"name": name, "investigation": investigation, "self": self})
	if err != nil {
		return err
	}
	if taken, _ := recs[0].Values[0].(bool); taken {
		where := "among queries without an investigation"
		if investigation != nil {
			where = "in investigation " + *investigation
		}
		return apperr.New(apperr.BadInput, "a saved query named %q exists already %s", name, where)
	}
	return nil
}

// UpdateQuery changes a saved query; a new document or new variables make a
// version.
func (s *Store) UpdateQuery(ctx context.Context, id string, p model.SavedQueryPatch, about []string) error {
	var vars any
	if p.Variables != nil {
		j, err := json.Marshal(p.Variables)
		if err != nil {
			return apperr.Wrap(apperr.BadInput, err, "variables are not JSON")
		}
		vars = string(j)
	}
	_, err := write(ctx, s, "update query", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		cur, err := run(ctx, tx, queryGetCypher, map[string]any{"ids": []string{id}})
		if err != nil {
			return struct{}{}, err
		}
		if len(cur) == 0 {
			return struct{}{}, apperr.New(apperr.NotFound, "no saved query with id %q", id)
		}
		if p.Name != nil {
			inv, _ := cur[0].AsMap()["investigation"].(string)
			var invp *string
			if inv != "" {
				invp = &inv
			}
			if err := nameFree(ctx, tx, *p.Name, invp, id); err != nil {
				return struct{}{}, err
			}
		}
		_, err = run(ctx, tx, queryUpdateCypher, map[string]any{"id": id, "name": p.Name, "setDescription": p.Description != nil,
			"description": p.Description, "document": p.Document, "variables": vars, "about": nonNil(about), "now": now()})
		return struct{}{}, err
	})
	return err
}

// DeleteQuery deletes a saved query and its history.
func (s *Store) DeleteQuery(ctx context.Context, id string) error {
	_, err := write(ctx, s, "delete query", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		recs, err := run(ctx, tx, queryDeleteCypher, map[string]any{"id": id})
		if err == nil && (len(recs) == 0 || asInt(recs[0].Values[0]) == 0) {
			err = apperr.New(apperr.NotFound, "no saved query with id %q", id)
		}
		return struct{}{}, err
	})
	return err
}

// QueryRan records when a saved query ran.
func (s *Store) QueryRan(ctx context.Context, id string) error {
	_, err := write(ctx, s, "record query run", func(tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := run(ctx, tx, queryRanCypher, map[string]any{"id": id, "now": now()})
		return struct{}{}, err
	})
	return err
}

// SavedQueries returns saved queries by id, in the order asked; unknown ids
// are left out.
func (s *Store) SavedQueries(ctx context.Context, ids []string) ([]model.SavedQuery, error) {
	found, err := read(ctx, s, "saved queries", queryGetCypher, map[string]any{"ids": ids}, func(r *neo4j.Record) (model.SavedQuery, error) {
		m := r.AsMap()
		n := m["q"].(neo4j.Node).Props
		q := model.SavedQuery{ID: str(n["id"]), Name: str(n["name"]), Description: optStr(n["description"]),
			Document: str(n["document"]), Investigation: optStr(m["investigation"]), CreatedAt: instant(n["createdAt"]),
			UpdatedAt: instant(n["updatedAt"]), Version: asInt(n["version"])}
		if t, ok := n["lastRunAt"].(time.Time); ok {
			t = t.UTC()
			q.LastRunAt = &t
		}
		if err := decodeVars(str(n["variables"]), &q.Variables); err != nil {
			return q, fmt.Errorf("query %s variables: %w", q.ID, err)
		}
		return q, nil
	})
	if err != nil {
		return nil, err
	}
	byID := map[string]model.SavedQuery{}
	for _, q := range found {
		byID[q.ID] = q
	}
	out := make([]model.SavedQuery, 0, len(ids))
	for _, id := range ids {
		if q, ok := byID[id]; ok {
			out = append(out, q)
		}
	}
	return out, nil
}

// SavedQuery returns one saved query or NOT_FOUND.
func (s *Store) SavedQuery(ctx context.Context, id string) (*model.SavedQuery, error) {
	list, err := s.SavedQueries(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, apperr.New(apperr.NotFound, "no saved query with id %q", id)
	}
	return &list[0], nil
}

// SavedQueryPage lists saved query ids.
func (s *Store) SavedQueryPage(ctx context.Context, investigation *string, skip, limit int) ([]string, int, error) {
	return page(ctx, s, "saved queries", queriesListCypher, map[string]any{"investigation": investigation, "skip": skip, "limit": limit})
}

// QueryHistory returns the replaced versions of a saved query.
func (s *Store) QueryHistory(ctx context.Context, id string) ([]model.SavedQueryVersion, error) {
	return read(ctx, s, "query history", queryHistoryCypher, map[string]any{"id": id}, func(r *neo4j.Record) (model.SavedQueryVersion, error) {
		n := r.Values[0].(neo4j.Node).Props
		v := model.SavedQueryVersion{Version: asInt(n["version"]), Document: str(n["document"]), ReplacedAt: instant(n["replacedAt"])}
		if err := decodeVars(str(n["variables"]), &v.Variables); err != nil {
			return v, fmt.Errorf("query %s version %d variables: %w", id, v.Version, err)
		}
		return v, nil
	})
}

// decodeVars reads stored variables with numbers as json.Number, as the
// HTTP transport does: GraphQL's Int refuses the float64 that plain
// decoding makes of 5.
func decodeVars(raw string, out *map[string]any) error {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(out)
}

// instant reads a stored datetime; the zero time when absent.
func instant(v any) time.Time {
	if t := timeOf(v); t != nil {
		return *t
	}
	return time.Time{}
}

func strList(v any) []string {
	out := []string{}
	l, _ := v.([]any)
	for _, x := range l {
		out = append(out, str(x))
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nonNilMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
