package store

import (
	"context"
	_ "embed"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed account_by_id.cypher
	accountByIDCypher string
	//go:embed accounts_by_id.cypher
	accountsByIDCypher string
	//go:embed search_accounts.cypher
	searchAccountsCypher string
	//go:embed amplifiers.cypher
	amplifiersCypher string
	//go:embed amplifiers_filtered.cypher
	amplifiersFilteredCypher string
)

// Account returns the account with key uid, or a NOT_FOUND error.
func (s *Store) Account(ctx context.Context, uid string) (*model.Account, error) {
	rows, err := read(ctx, s, "account", accountByIDCypher, map[string]any{"uid": uid}, accountRecord)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, apperr.New(apperr.NotFound, "no account with id %q", uid)
	}
	return &rows[0], nil
}

// AccountsOf returns the accounts with the given keys; unknown keys are
// left out.
func (s *Store) AccountsOf(ctx context.Context, uids []string) (map[string]model.Account, error) {
	rows, err := read(ctx, s, "accounts", accountsByIDCypher, map[string]any{"uids": uids}, accountRecord)
	if err != nil {
		return nil, err
	}
	out := make(map[string]model.Account, len(rows))
	for _, a := range rows {
		out[a.ID] = a
	}
	return out, nil
}

// SearchAccounts runs a full-text search (see luceneQuery for what text may
// hold) and returns one page and the total.
func (s *Store) SearchAccounts(ctx context.Context, text string, skip, limit int) ([]model.AccountEdge, int, error) {
	query, err := luceneQuery(text)
	if err != nil {
		return nil, 0, err
	}
	var total int
	var page []model.AccountEdge
	_, err = read(ctx, s, "search accounts", searchAccountsCypher,
		map[string]any{"query": query, "skip": skip, "limit": limit}, func(r *neo4j.Record) (struct{}, error) {
			m := r.AsMap()
			total = asInt(m["total"])
			for _, h := range m["page"].([]any) {
				hit := h.(map[string]any)
				score := hit["score"].(float64)
				page = append(page, model.AccountEdge{Node: accountFromNode(hit["a"].(neo4j.Node)), Score: &score})
			}
			return struct{}{}, nil
		})
	if err != nil && strings.Contains(err.Error(), "ParseException") { // luceneQuery escapes all syntax; a safety net
		return nil, 0, apperr.Wrap(apperr.BadInput, err, "the search text could not be read as a query")
	}
	return page, total, err
}

// AmplifierFilter narrows and orders an amplifiers query.
type AmplifierFilter struct {
	Kinds    []model.EngagementKind // empty: all
	Since    *time.Time
	Until    *time.Time
	MinTotal int
	Order    model.AmplifierOrder
	Skip     int
	Limit    int
}

// Amplifiers returns one page of the seed's amplifiers and their total.
// Without a time range or kind filter it reads the load-time aggregates.
func (s *Store) Amplifiers(ctx context.Context, seed string, f AmplifierFilter) ([]model.Amplifier, int, error) {
	params := map[string]any{"seed": seed, "minTotal": f.MinTotal, "order": string(f.Order.Field),
		"desc": f.Order.Direction != model.Asc, "skip": f.Skip, "limit": f.Limit}
	query := amplifiersCypher
	if len(f.Kinds) > 0 && len(f.Kinds) < len(model.AllEngagementKinds) || f.Since != nil || f.Until != nil {
		query = amplifiersFilteredCypher
		params["kinds"] = kindNames(f.Kinds)
		params["sinceMs"], params["untilMs"] = windowMs(f.Since, f.Until)
	}
	var total int
	var page []model.Amplifier
	_, err := read(ctx, s, "amplifiers", query, params, func(r *neo4j.Record) (struct{}, error) {
		m := r.AsMap()
		total = asInt(m["total"])
		for _, x := range m["page"].([]any) {
			row := x.(map[string]any)
			agg := row["m"].(map[string]any)
			page = append(page, model.Amplifier{
				Account:  accountFromNode(row["a"].(neo4j.Node)),
				Retweets: asInt(agg["retweets"]), Replies: asInt(agg["replies"]), Quotes: asInt(agg["quotes"]),
				Mentions: asInt(agg["mentions"]), Total: asInt(agg["total"]),
				FirstAt: msTime(agg["firstAtMs"]), LastAt: msTime(agg["lastAtMs"]),
				MinLatencySeconds: asFloat(agg["minLatency"]), MedianLatencySeconds: asFloat(agg["medianLatency"]),
			})
		}
		return struct{}{}, nil
	})
	if err == nil && total == 0 {
		// Only an empty answer needs telling an unknown seed from a quiet
		// one: the common case costs one round trip.
		if _, err := s.Account(ctx, seed); err != nil {
			return nil, 0, err
		}
	}
	return page, total, err
}

func accountRecord(r *neo4j.Record) (model.Account, error) {
	n, _, err := neo4j.GetRecordValue[neo4j.Node](r, "a")
	if err != nil {
		return model.Account{}, err
	}
	return accountFromNode(n), nil
}

func accountFromNode(n neo4j.Node) model.Account {
	p := n.Props
	a := model.Account{
		ID: str(p["uid"]), Platform: model.Platform(str(p["platform"])), Kind: model.AssetKind(str(p["kind"])),
		NativeID: optStr(p["id"]), Handle: optStr(p["handle"]), Name: optStr(p["name"]),
		Description: optStr(p["description"]), Location: optStr(p["location"]), ProfileURL: optStr(p["profileUrl"]),
		Followers: optInt(p["followers"]), Following: optInt(p["following"]), Hashed: p["hashed"] == true,
		Language: optStr(p["language"]),
	}
	if a.Kind == "" {
		a.Kind = model.KindAccount
	}
	if v, ok := p["verified"].(bool); ok {
		a.Verified = &v
	}
	if d, ok := p["createdAt"].(neo4j.Date); ok {
		s := model.Date(d.Time().Format("2006-01-02"))
		a.CreatedAt = &s
	} else if t, ok := p["createdAt"].(time.Time); ok {
		s := model.Date(t.UTC().Format("2006-01-02"))
		a.CreatedAt = &s
	}
	return a
}

func optStr(v any) *string {
	s, ok := v.(string)
	if !ok || s == "" {
		return nil
	}
	return &s
}

func optInt(v any) *int {
	n, ok := v.(int64)
	if !ok {
		return nil
	}
	i := int(n)
	return &i
}

func asInt(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

func asFloat(v any) *float64 {
	switch n := v.(type) {
	case float64:
		return &n
	case int64:
		f := float64(n)
		return &f
	}
	return nil
}

func msTime(v any) *time.Time {
	n, ok := v.(int64)
	if !ok {
		return nil
	}
	t := time.UnixMilli(n).UTC()
	return &t
}

// kindNames are the engagement kinds a query counts: all when none is given.
func kindNames(kinds []model.EngagementKind) []string {
	if len(kinds) == 0 {
		kinds = model.AllEngagementKinds
	}
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

// windowMs turns an optional time range into millisecond bounds that every
// post falls within when a side is open.
func windowMs(since, until *time.Time) (int64, int64) {
	lo, hi := int64(-1<<62), int64(1<<62)
	if since != nil {
		lo = since.UnixMilli()
	}
	if until != nil {
		hi = until.UnixMilli()
	}
	return lo, hi
}
