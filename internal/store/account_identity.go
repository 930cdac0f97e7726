package store

import (
	"context"
	_ "embed"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed account_identity.cypher
	accountIdentityCypher string
	//go:embed handle_holders.cypher
	handleHoldersCypher string
)

// IdentityLimit caps each of an account's identity lists (observations,
// aliases, resolutions): a handle-only record of a reused handle, or an
// account listed in every release, stays a bounded answer.
const IdentityLimit = 200

// IdentityOf returns, for many accounts in one query, their handle
// observations, the handle-only records resolved to them and the accounts
// they resolve to; an unknown account is left out.
func (s *Store) IdentityOf(ctx context.Context, uids []string) (map[string]model.AccountIdentity, error) {
	out := make(map[string]model.AccountIdentity, len(uids))
	_, err := read(ctx, s, "account identity", accountIdentityCypher, map[string]any{"uids": uids, "max": IdentityLimit},
		func(r *neo4j.Record) (struct{}, error) {
			m := r.AsMap()
			id := model.AccountIdentity{Aliases: []model.IdentityLink{}, SameAs: []model.IdentityLink{},
				HandleHistory: observations(m["history"])}
			for _, x := range m["aliases"].([]any) {
				row := x.(map[string]any)
				l := identityLink(row)
				// the account's own observations of the record's handle
				l.Observations = []model.HandleObservation{}
				for _, o := range id.HandleHistory {
					if o.Key == l.Account.ID {
						l.Observations = append(l.Observations, o)
					}
				}
				l.ObservedAt = firstLoaded(l.Observations)
				id.Aliases = append(id.Aliases, l)
			}
			for _, x := range m["sameAs"].([]any) {
				row := x.(map[string]any)
				l := identityLink(row)
				l.Observations = observations(row["observations"])
				l.ObservedAt = firstLoaded(l.Observations)
				id.SameAs = append(id.SameAs, l)
			}
			out[str(m["uid"])] = id
			return struct{}{}, nil
		})
	return out, err
}

// Identity is IdentityOf for one account; an unknown account has none.
func (s *Store) Identity(ctx context.Context, uid string) (model.AccountIdentity, error) {
	m, err := s.IdentityOf(ctx, []string{uid})
	if err != nil {
		return model.AccountIdentity{}, err
	}
	if id, ok := m[uid]; ok {
		return id, nil
	}
	return model.AccountIdentity{Aliases: []model.IdentityLink{}, SameAs: []model.IdentityLink{}, HandleHistory: []model.HandleObservation{}}, nil
}

// HandleHolders returns the accounts known to have held a handle
// (keys.Handle: case-insensitive, with or without @), on one platform when
// platform is not "", each with the observations that say so and the
// handle-only records resolved to it; at most 20, by platform and id.
func (s *Store) HandleHolders(ctx context.Context, handle string, platform model.Platform) ([]model.HandleHolder, error) {
	var p any
	if platform != "" {
		p = string(platform)
	}
	return read(ctx, s, "handle holders", handleHoldersCypher, map[string]any{"handle": keys.Handle(handle), "platform": p},
		func(r *neo4j.Record) (model.HandleHolder, error) {
			m := r.AsMap()
			h := model.HandleHolder{Account: accountFromNode(m["a"].(neo4j.Node)), Observations: observations(m["observations"]),
				Aliases: []model.Account{}}
			for _, x := range m["aliases"].([]any) {
				h.Aliases = append(h.Aliases, accountFromNode(x.(neo4j.Node)))
			}
			return h, nil
		})
}

func identityLink(row map[string]any) model.IdentityLink {
	return model.IdentityLink{Account: accountFromNode(row["account"].(neo4j.Node)), Handle: str(row["handle"]),
		Confidence: str(row["confidence"]), Evidence: str(row["evidence"]), Source: str(row["source"]), AsOf: optStr(row["asOf"])}
}

func observations(v any) []model.HandleObservation {
	out := []model.HandleObservation{}
	list, _ := v.([]any)
	for _, x := range list {
		o, ok := x.(map[string]any)
		if !ok {
			continue
		}
		out = append(out, model.HandleObservation{Handle: str(o["handle"]), Platform: model.Platform(str(o["platform"])),
			Source: str(o["source"]), Dataset: str(o["dataset"]), Evidence: optStr(o["evidence"]), AsOf: optStr(o["asOf"]),
			LoadedAt: timePtr(o["loadedAt"]), Key: str(o["key"])})
	}
	return out
}

// firstLoaded is when the first of obs was loaded, or nil.
func firstLoaded(obs []model.HandleObservation) *time.Time {
	var first *time.Time
	for _, o := range obs {
		if o.LoadedAt != nil && (first == nil || o.LoadedAt.Before(*first)) {
			first = o.LoadedAt
		}
	}
	return first
}
