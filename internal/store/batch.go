package store

import (
	"context"
	_ "embed"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/model"
)

// Batch reads: one query for many accounts, so per-request dataloaders
// (graph/dataloader) turn a nested query over N accounts into one round trip
// per field, not N.

var (
	//go:embed account_datasets.cypher
	accountDatasetsCypher string
	//go:embed account_clients.cypher
	accountClientsCypher string
	//go:embed account_amplified_by.cypher
	accountAmplifiedByCypher string
	//go:embed account_amplifies.cypher
	accountAmplifiesCypher string
)

// DatasetsOf returns the dataset names of each account.
func (s *Store) DatasetsOf(ctx context.Context, uids []string) (map[string][]string, error) {
	out := make(map[string][]string, len(uids))
	_, err := read(ctx, s, "datasets of accounts", accountDatasetsCypher, map[string]any{"uids": uids}, func(r *neo4j.Record) (struct{}, error) {
		m := r.AsMap()
		var names []string
		for _, n := range m["datasets"].([]any) {
			names = append(names, str(n))
		}
		out[str(m["uid"])] = names
		return struct{}{}, nil
	})
	return out, err
}

// ClientsOf returns the client apps of each account.
func (s *Store) ClientsOf(ctx context.Context, uids []string) (map[string][]model.ClientUse, error) {
	out := make(map[string][]model.ClientUse, len(uids))
	_, err := read(ctx, s, "clients of accounts", accountClientsCypher, map[string]any{"uids": uids}, func(r *neo4j.Record) (struct{}, error) {
		m := r.AsMap()
		var cs []model.ClientUse
		for _, x := range m["clients"].([]any) {
			c := x.(map[string]any)
			cs = append(cs, model.ClientUse{Name: str(c["name"]), Posts: asInt(c["posts"]), FirstAt: timeOf(c["firstAt"]), LastAt: timeOf(c["lastAt"])})
		}
		sortClients(cs)
		out[str(m["uid"])] = cs
		return struct{}{}, nil
	})
	return out, err
}

// AmplifiedByOf returns up to limit top amplifiers of each account; with
// outbound, the accounts each account amplified instead.
func (s *Store) AmplifiedByOf(ctx context.Context, uids []string, limit int, outbound bool) (map[string][]model.Amplifier, error) {
	q := accountAmplifiedByCypher
	if outbound {
		q = accountAmplifiesCypher
	}
	out := make(map[string][]model.Amplifier, len(uids))
	_, err := read(ctx, s, "amplification of accounts", q, map[string]any{"uids": uids, "limit": limit}, func(r *neo4j.Record) (struct{}, error) {
		m := r.AsMap()
		var list []model.Amplifier
		for _, x := range m["rows"].([]any) {
			row := x.(map[string]any)
			p := row["x"].(map[string]any)
			list = append(list, model.Amplifier{
				Account:  accountFromNode(row["a"].(neo4j.Node)),
				Retweets: asInt(p["retweets"]), Replies: asInt(p["replies"]), Quotes: asInt(p["quotes"]),
				Mentions: asInt(p["mentions"]), Total: asInt(p["total"]),
				FirstAt: msTime(p["firstAtMs"]), LastAt: msTime(p["lastAtMs"]),
				MinLatencySeconds: asFloat(p["minLatencySeconds"]), MedianLatencySeconds: asFloat(p["medianLatencySeconds"]),
			})
		}
		out[str(m["uid"])] = list
		return struct{}{}, nil
	})
	return out, err
}

func timeOf(v any) *time.Time {
	t, ok := v.(time.Time)
	if !ok {
		return nil
	}
	t = t.UTC()
	return &t
}

func sortClients(cs []model.ClientUse) {
	slices.SortFunc(cs, func(a, b model.ClientUse) int {
		if a.Posts != b.Posts {
			return b.Posts - a.Posts
		}
		return strings.Compare(a.Name, b.Name)
	})
}
