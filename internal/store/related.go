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

// RelatedAssets returns the assets related to an account with their evidence.
func (s *Store) RelatedAssets(ctx context.Context, uid string) ([]model.AssetLink, error) {
	if _, err := s.Account(ctx, uid); err != nil {
		return nil, err
	}
	return read(ctx, s, "related assets", relatedAssetsCypher,
		map[string]any{"uid": uid, "limit": RelatedAssetsLimit, "maxUrls": 1000}, func(r *neo4j.Record) (model.AssetLink, error) {
			m := r.AsMap()
			l := model.AssetLink{Asset: accountFromNode(m["a"].(neo4j.Node)), Via: model.LinkVia(str(m["via"])),
				Evidence: str(m["evidence"]), Source: str(m["source"]), Confidence: str(m["confidence"])}
			if o, ok := m["operation"].(map[string]any); ok {
				l.Operation = &model.Operation{ID: str(o["uid"]), Name: optStr(o["name"]), Source: optStr(o["source"]), Period: optStr(o["period"])}
			}
			return l, nil
		})
}
