package store

import (
	"context"
	_ "embed"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/model"
)

//go:embed related_assets_grouped.cypher
var relatedAssetsCypher string

// RelatedAssetsLimit caps the answer; an account in a large disclosure
// (Doppelganger lists thousands of domains) would otherwise return them all.
const RelatedAssetsLimit = 500

// RelatedAssets returns the assets related to an account, one entry per
// asset with all its evidence, or NOT_FOUND when there is no such account.
func (s *Store) RelatedAssets(ctx context.Context, uid string) ([]model.AssetLink, error) {
	if _, err := s.Account(ctx, uid); err != nil {
		return nil, err
	}
	m, err := s.RelatedAssetsOf(ctx, []string{uid})
	if links := m[uid]; links != nil || err != nil {
		return links, err
	}
	return []model.AssetLink{}, nil
}

// RelatedAssetsOf returns the related assets of many accounts in one query;
// an account without any (or unknown) is left out.
func (s *Store) RelatedAssetsOf(ctx context.Context, uids []string) (map[string][]model.AssetLink, error) {
	out := make(map[string][]model.AssetLink, len(uids))
	_, err := read(ctx, s, "related assets", relatedAssetsCypher,
		map[string]any{"uids": uids, "limit": RelatedAssetsLimit, "maxUrls": 1000}, func(r *neo4j.Record) (struct{}, error) {
			m := r.AsMap()
			links := []model.AssetLink{}
			for _, x := range m["links"].([]any) {
				row := x.(map[string]any)
				l := model.AssetLink{Asset: accountFromNode(row["a"].(neo4j.Node))}
				for _, y := range row["pieces"].([]any) {
					l.AllEvidence = append(l.AllEvidence, assetEvidence(y.(map[string]any)))
				}
				if len(l.AllEvidence) > 0 {
					e := l.AllEvidence[0]
					l.Via, l.Evidence, l.Source, l.Confidence, l.Operation = e.Via, e.Evidence, e.Source, e.Confidence, e.Operation
				}
				links = append(links, l)
			}
			out[str(m["uid"])] = links
			return struct{}{}, nil
		})
	return out, err
}

func assetEvidence(p map[string]any) model.AssetEvidence {
	e := model.AssetEvidence{Via: model.LinkVia(str(p["via"])), Evidence: str(p["evidence"]), Source: str(p["source"]),
		Confidence: str(p["confidence"]), Alias: optStr(p["alias"]), AssetAlias: optStr(p["assetAlias"])}
	if o, ok := p["operation"].(map[string]any); ok {
		e.Operation = &model.Operation{ID: str(o["uid"]), Name: optStr(o["name"]), Source: optStr(o["source"]), Period: optStr(o["period"])}
	}
	return e
}
