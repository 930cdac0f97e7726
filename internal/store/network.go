package store

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed network_expand.cypher
	networkExpandCypher string
	//go:embed network_expand_window.cypher
	networkExpandWindowCypher string
	//go:embed path.cypher
	pathCypher string
)

// NetworkFilter bounds a network query. The resolver validates it.
type NetworkFilter struct {
	Hops      int
	Kinds     []model.EngagementKind // empty: all
	MinWeight int
	Since     *time.Time
	Until     *time.Time
	Limit     int // node cap
}

// Network widens from seeds hop by hop over amplification, heaviest edges
// first, and stops adding nodes at the cap (Truncated then says so). One
// query per hop, each bounded by the frontier's degree.
func (s *Store) Network(ctx context.Context, seeds []string, f NetworkFilter) (*model.Network, error) {
	net := &model.Network{}
	index := map[string]bool{}
	hop := map[string]int{}
	for _, uid := range seeds {
		if index[uid] {
			continue
		}
		a, err := s.Account(ctx, uid)
		if err != nil {
			return nil, err
		}
		index[uid], hop[uid] = true, 0
		net.Nodes = append(net.Nodes, networkNode(*a, 0, true))
	}
	query := networkExpandCypher
	params := map[string]any{"kinds": kindNames(f.Kinds), "minWeight": f.MinWeight}
	if f.Since != nil || f.Until != nil {
		query = networkExpandWindowCypher
		params["sinceMs"], params["untilMs"] = windowMs(f.Since, f.Until)
	}
	maxRows := 20 * f.Limit // edges per hop; hitting it truncates
	edges := map[string]bool{}
	frontier := append([]string(nil), seeds...)
	for h := 1; h <= f.Hops && len(frontier) > 0; h++ {
		params["frontier"], params["max"] = frontier, maxRows+1
		type row struct {
			node   string // the far account's uid; its details are read once it joins
			edge   model.NetworkEdge
			source string
			target string
		}
		rows, err := read(ctx, s, "network", query, params, func(r *neo4j.Record) (row, error) {
			m := r.AsMap()
			src, dst := str(m["source"]), str(m["target"])
			props := map[string]any{"retweets": m["retweets"], "replies": m["replies"], "quotes": m["quotes"], "mentions": m["mentions"]}
			if t := msTime(m["firstAtMs"]); t != nil {
				props["firstAt"] = t.Format(time.RFC3339Nano)
			}
			if t := msTime(m["lastAtMs"]); t != nil {
				props["lastAt"] = t.Format(time.RFC3339Nano)
			}
			return row{node: str(m["node"]), source: src, target: dst,
				edge: model.NetworkEdge{ID: "AMPLIFIED:" + src + "->" + dst, Source: src, Target: dst, Kind: "AMPLIFIED",
					Weight: float64(asInt(m["weight"])), Properties: props}}, nil
		})
		if err != nil {
			return nil, err
		}
		if len(rows) > maxRows {
			rows, net.Truncated = rows[:maxRows], true
		}
		var next []string
		for _, r := range rows {
			if !index[r.node] {
				if len(net.Nodes)+len(next) >= f.Limit {
					net.Truncated = true
					continue
				}
				index[r.node], hop[r.node] = true, h
				next = append(next, r.node)
			}
			if index[r.source] && index[r.target] && !edges[r.edge.ID] {
				edges[r.edge.ID] = true
				net.Edges = append(net.Edges, r.edge)
			}
		}
		// The hop's rows name an account once per edge; its details are read
		// once, for the accounts that joined, instead of riding on every row
		// (a two-hop answer of 500 accounts read 10,000 whole nodes).
		if len(next) == 0 {
			break
		}
		joined, err := s.AccountsOf(ctx, next)
		if err != nil {
			return nil, err
		}
		for _, uid := range next {
			a, ok := joined[uid]
			if !ok {
				return nil, fmt.Errorf("network: account %s vanished during the query", uid)
			}
			net.Nodes = append(net.Nodes, networkNode(a, h, false))
		}
		frontier = next
	}
	return net, nil
}

func networkNode(a model.Account, hop int, seed bool) model.NetworkNode {
	label := a.ID
	if a.Handle != nil {
		label = "@" + *a.Handle
		if a.Hashed {
			label = "hashed " + (*a.Handle)[:min(8, len(*a.Handle))] + "…"
		}
	}
	if a.Name != nil && a.Kind != model.KindAccount {
		label = *a.Name
	}
	p := a.Platform
	props := map[string]any{"kind": string(a.Kind), "hop": hop, "seed": seed, "hashed": a.Hashed}
	if a.Followers != nil {
		props["followers"] = *a.Followers
	}
	if a.Handle != nil {
		props["handle"] = *a.Handle
	}
	if a.CreatedAt != nil {
		props["createdAt"] = string(*a.CreatedAt)
	}
	return model.NetworkNode{ID: a.ID, Kind: "Account", Label: label, Platform: &p, Properties: props}
}

// MaxPathHops is the longest connection Path looks for: path.cypher
// searches at most this far whatever maxHops asks.
const MaxPathHops = 6

// Path returns the shortest connection between two accounts as a network,
// or nil when none exists within maxHops (1 to MaxPathHops).
func (s *Store) Path(ctx context.Context, from, to string, kinds []model.EngagementKind, maxHops int) (*model.Network, error) {
	if maxHops < 1 || maxHops > MaxPathHops {
		return nil, apperr.New(apperr.LimitExceeded, "maxHops must be between 1 and %d, got %d", MaxPathHops, maxHops)
	}
	for _, uid := range []string{from, to} {
		if _, err := s.Account(ctx, uid); err != nil {
			return nil, err
		}
	}
	nets, err := read(ctx, s, "path", pathCypher, map[string]any{"from": from, "to": to, "kinds": kindNames(kinds), "maxHops": maxHops},
		func(r *neo4j.Record) (model.Network, error) {
			m := r.AsMap()
			var net model.Network
			for i, n := range m["nodes"].([]any) {
				a := accountFromNode(n.(neo4j.Node))
				net.Nodes = append(net.Nodes, networkNode(a, i, i == 0))
			}
			for _, x := range m["rels"].([]any) {
				rel := x.(map[string]any)
				typ, src, dst := str(rel["type"]), str(rel["source"]), str(rel["target"])
				e := model.NetworkEdge{ID: typ + ":" + src + "->" + dst, Source: src, Target: dst, Kind: typ, Weight: 1, Properties: map[string]any{}}
				if typ == "AMPLIFIED" {
					e.Weight = float64(asInt(rel["retweets"]) + asInt(rel["replies"]) + asInt(rel["quotes"]) + asInt(rel["mentions"]))
					for _, k := range []string{"retweets", "replies", "quotes", "mentions"} {
						e.Properties[k] = rel[k]
					}
				} else {
					e.Properties["evidence"], e.Properties["confidence"] = rel["evidence"], rel["confidence"]
				}
				net.Edges = append(net.Edges, e)
			}
			return net, nil
		})
	if err != nil || len(nets) == 0 {
		return nil, err
	}
	return &nets[0], nil
}
