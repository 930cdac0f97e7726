package store

import (
	"context"
	_ "embed"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/model"
)

//go:embed related_assets.cypher
var relatedAssetsCypher string

// RelatedAssetsLimit caps the answer; an account in a large disclosure
// (Doppelganger lists thousands of domains) would otherwise return them all.
const RelatedAssetsLimit = 500

// RelatedAssets returns the assets related to an account with their
// evidence, or NOT_FOUND when there is no such account.
func (s *Store) RelatedAssets(ctx context.Context, uid string) ([]model.AssetLink, error) {
	if _, err := s.Account(ctx, uid); err != nil {
		return nil, err
	}
	m, err := s.RelatedAssetsOf(ctx, []string{uid})
	return m[uid], err
}

// RelatedAssetsOf returns the related assets of many accounts in one query;
// an unknown account gets none.
func (s *Store) RelatedAssetsOf(ctx context.Context, uids []string) (map[string][]model.AssetLink, error) {
	out := make(map[string][]model.AssetLink, len(uids))
	_, err := read(ctx, s, "related assets", relatedAssetsCypher,
		map[string]any{"uids": uids, "limit": RelatedAssetsLimit, "maxUrls": 1000}, func(r *neo4j.Record) (struct{}, error) {
			m := r.AsMap()
			links := []model.AssetLink{}
			for _, x := range m["links"].([]any) {
				row := x.(map[string]any)
				l := model.AssetLink{Asset: accountFromNode(row["a"].(neo4j.Node)), Via: model.LinkVia(str(row["via"])),
					Evidence: str(row["evidence"]), Source: str(row["source"]), Confidence: str(row["confidence"])}
				if o, ok := row["operation"].(map[string]any); ok {
					l.Operation = &model.Operation{ID: str(o["uid"]), Name: optStr(o["name"]), Source: optStr(o["source"]), Period: optStr(o["period"])}
				}
				links = append(links, l)
			}
			out[str(m["uid"])] = links
			return struct{}{}, nil
		})
	return out, err
}
