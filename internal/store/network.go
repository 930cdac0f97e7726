package store

import (
	"cmp"
	"context"
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/sync/errgroup"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed network_nodes.cypher
	networkNodesCypher string
	//go:embed network_size.cypher
	networkSizeCypher string
	//go:embed network_grow_frontier.cypher
	networkGrowFrontierCypher string
	//go:embed network_grow_outside.cypher
	networkGrowOutsideCypher string
	//go:embed network_outside.cypher
	networkOutsideCypher string
	//go:embed network_edges_nodes.cypher
	networkEdgesNodesCypher string
	//go:embed network_edges_heaviest.cypher
	networkEdgesHeaviestCypher string
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
	// Detail is what each edge carries beyond its ends and weight; the zero
	// value, everything. A caller that shows less (GraphQL reads what the
	// selection names) spares Neo4j property reads of 20,000 edges.
	Detail EdgeDetail
}

// EdgeDetail says what a network's edges carry beyond ends and weight.
type EdgeDetail int

const (
	EdgeFull  EdgeDetail = iota // engagement counts and time span, in Properties too
	EdgeTimes                   // FirstAt and LastAt only (Properties nil)
	EdgeBare                    // nothing more (Properties nil)
)

// EdgesPerNode bounds a network's edges: at most this many times its node
// cap, heaviest first. A drawing of 5,000 accounts is legible with 20,000
// edges, not with the hundreds of thousands a dense two-hop neighbourhood
// has, and every edge costs the answer, the wire and the browser.
const EdgesPerNode = 4

// networkPlan says how a network is read; tests force each way to check
// that they agree.
type networkPlan int

const (
	planAuto     networkPlan = iota
	planFrontier             // grow from the frontier, edges from the accounts
	planOutside              // grow from outside the network, edges from the index
)

// netAccount is an account of a network under construction.
type netAccount struct {
	hop    int
	pos    int    // place in the network's nodes: edges name their ends by it
	eid    string // element id: membership tests read no store
	degree int64  // AMPLIFIED edges, from the degree store
}

// netBuild is a network under construction: its accounts in the order they
// joined (their places in the answer's nodes), and by id.
type netBuild struct {
	list    []joined
	members map[string]netAccount
}

// join adds the accounts that join at hop h, in order, and returns their
// ids (the next frontier).
func (b *netBuild) join(rows []joined, h int) []string {
	uids := make([]string, 0, len(rows))
	for _, j := range rows {
		b.members[j.uid] = netAccount{hop: h, pos: len(b.list), eid: j.eid, degree: j.degree}
		b.list = append(b.list, j)
		uids = append(uids, j.uid)
	}
	return uids
}

// Network widens from seeds hop by hop over amplification: each hop adds
// the accounts most strongly tied to its frontier (summed weight), until
// the node cap; then the network's edges are the heaviest AMPLIFIED
// aggregates among its accounts, up to EdgesPerNode per node of the cap.
// Truncated says that either cap cut something.
//
// How a step is read is chosen from degrees, so that no step reads much
// more of the graph than it must: near a seed the frontier's edges are few;
// two hops from a seed that most of a release amplifies, the network holds
// most of the graph, and the accounts outside it (and the heaviest edges
// of the whole graph) are the short way. The hops read ids only; what the
// accounts show is read at the end, beside the edges (Neo4j runs one query
// per thread: two at once use two cores).
func (s *Store) Network(ctx context.Context, seeds []string, f NetworkFilter) (*model.Network, error) {
	var order []string
	for _, uid := range seeds {
		if !slices.Contains(order, uid) {
			order = append(order, uid)
		}
	}
	b := &netBuild{members: map[string]netAccount{}}
	seedRows, err := s.networkAccounts(ctx, order, 0)
	if err != nil {
		return nil, err
	}
	b.join(seedRows, 0)
	kinds := kindNames(f.Kinds)
	allKinds := len(kinds) == len(model.AllEngagementKinds)
	params := map[string]any{"kinds": kinds, "allKinds": allKinds, "minWeight": f.MinWeight, "detail": int64(f.Detail)}
	windowed := f.Since != nil || f.Until != nil
	var window *windowRows
	if windowed {
		params["sinceMs"], params["untilMs"] = windowMs(f.Since, f.Until)
		window = &windowRows{}
	}
	var amplified int64
	if !windowed && s.networkPlan == planAuto {
		sizes, err := read(ctx, s, "network", networkSizeCypher, nil, func(r *neo4j.Record) (int64, error) {
			n, _, err := neo4j.GetRecordValue[int64](r, "amplified")
			return n, err
		})
		if err != nil {
			return nil, err
		}
		amplified = sizes[0]
	}
	net := &model.Network{}
	frontier := order
	for h := 1; h <= f.Hops && len(frontier) > 0; h++ {
		room := f.Limit - len(b.list)
		if room <= 0 && net.Truncated {
			// The cap is met and a hop already cut: the next one would read
			// every edge of a frontier of thousands (700 ms on a release of
			// 20,000 accounts) to learn only that it cuts too.
			break
		}
		var next []joined
		if windowed {
			var uids []string
			if uids, err = s.windowGrow(ctx, params, window, frontier, b.members, room, f.Limit); err == nil {
				next, err = s.networkAccounts(ctx, uids[:min(len(uids), room)], h)
				if len(uids) > room {
					net.Truncated = true
				}
			}
		} else {
			next, err = s.aggregateGrow(ctx, params, frontier, b.members, room, amplified)
		}
		if err != nil {
			return nil, err
		}
		if len(next) > room {
			next, net.Truncated = next[:room], true
		}
		if len(next) == 0 {
			break
		}
		frontier = b.join(next, h)
	}
	maxEdges := EdgesPerNode * f.Limit
	var edges []model.NetworkEdge
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		if windowed {
			edges, err = s.windowEdges(gctx, params, window, frontier, b.members, maxEdges+1)
		} else {
			edges, err = s.aggregateEdges(gctx, params, b, allKinds, amplified, maxEdges+1)
		}
		return err
	})
	g.Go(func() error { return s.showAccounts(gctx, b) })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if len(edges) > maxEdges {
		edges, net.Truncated = edges[:maxEdges], true
	}
	net.Nodes = make([]model.NetworkNode, len(b.list))
	for i, j := range b.list {
		h := b.members[j.uid].hop
		net.Nodes[i] = networkNode(*j.a, h, h == 0)
	}
	net.Edges = edges
	return net, nil
}

// joined is an account as it joins a network: what the network query
// plans with and, once read, what it shows.
type joined struct {
	uid    string
	eid    string
	degree int64
	tie    int64          // summed weight to the frontier (grow queries)
	a      *model.Account // nil until read
}

// joinedEntry maps an account entry of network_nodes.cypher: {props, eid,
// degree}.
func joinedEntry(v any) (joined, error) {
	m, ok := v.(map[string]any)
	props, ok2 := m["props"].(map[string]any)
	if !ok || !ok2 {
		return joined{}, fmt.Errorf("account entry %T", v)
	}
	a := accountFromNode(neo4j.Node{Props: props})
	return joined{uid: a.ID, eid: str(m["eid"]), degree: int64(asInt(m["degree"])), a: &a}, nil
}

// growEntry maps an account entry of the grow queries: [uid, element id,
// degree, tie].
func growEntry(v any) (joined, error) {
	row, ok := v.([]any)
	if !ok || len(row) != 4 {
		return joined{}, fmt.Errorf("grow entry %T of %d values, want 4", v, len(row))
	}
	return joined{uid: str(row[0]), eid: str(row[1]), degree: int64(asInt(row[2])), tie: int64(asInt(row[3]))}, nil
}

// networkAccounts reads accounts by id, in the order given: the seeds (hop
// 0, where an unknown id is the caller's mistake), a windowed hop's, and
// those the grow queries named (showAccounts).
func (s *Store) networkAccounts(ctx context.Context, uids []string, h int) ([]joined, error) {
	rows, err := readList(ctx, s, "network", networkNodesCypher, map[string]any{"uids": uids}, joinedEntry)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]joined, len(rows))
	for _, j := range rows {
		byID[j.uid] = j
	}
	out := make([]joined, 0, len(uids))
	for _, uid := range uids {
		j, ok := byID[uid]
		if !ok {
			if h == 0 {
				return nil, apperr.New(apperr.NotFound, "no account with id %q", uid)
			}
			return nil, fmt.Errorf("network: account %s vanished during the query", uid)
		}
		out = append(out, j)
	}
	return out, nil
}

// showAccounts reads what the accounts the grow queries added show.
func (s *Store) showAccounts(ctx context.Context, b *netBuild) error {
	var uids []string
	for _, j := range b.list {
		if j.a == nil {
			uids = append(uids, j.uid)
		}
	}
	if len(uids) == 0 {
		return nil
	}
	rows, err := s.networkAccounts(ctx, uids, 1)
	if err != nil {
		return err
	}
	for _, r := range rows {
		b.list[b.members[r.uid].pos].a = r.a
	}
	return nil
}

// growWorkers is how many queries read the accounts outside a network at
// once: Neo4j Community runs a query on one thread, and this is the
// longest step of a wide network.
const growWorkers = 2

// aggregateGrow picks the accounts hop h adds from the AMPLIFIED
// aggregates (room+1 at most, so that one too many says the cap cut),
// reading from the frontier or from outside the network, whichever side
// has fewer edges. The accounts outside are split between growWorkers
// queries, each ranking its share; the shares merge here in the same order
// (tie, then id).
func (s *Store) aggregateGrow(ctx context.Context, params map[string]any, frontier []string, members map[string]netAccount, room int, amplified int64) ([]joined, error) {
	known := make(map[string]any, len(members))
	var frontierDeg, memberDeg int64
	for _, m := range members {
		known[m.eid] = true
		memberDeg += m.degree
	}
	frontierIDs := make(map[string]any, len(frontier))
	for _, uid := range frontier {
		frontierIDs[members[uid].eid] = true
		frontierDeg += members[uid].degree
	}
	params["frontier"], params["frontierIds"], params["known"], params["room"] = frontier, frontierIDs, known, room+1
	defer dropParams(params, "frontier", "frontierIds", "known", "room")
	switch plan := s.networkPlan; {
	case plan == planOutside, plan == planAuto && 2*amplified-memberDeg < frontierDeg:
	default:
		return readList(ctx, s, "network", networkGrowFrontierCypher, params, growEntry)
	}
	outside, err := readList(ctx, s, "network", networkOutsideCypher, map[string]any{"known": known}, func(v any) (outsider, error) {
		row, ok := v.([]any)
		if !ok || len(row) != 2 {
			return outsider{}, fmt.Errorf("outside entry %T", v)
		}
		return outsider{str(row[0]), int64(asInt(row[1]))}, nil
	})
	if err != nil {
		return nil, err
	}
	shares := make([][]joined, growWorkers)
	g, gctx := errgroup.WithContext(ctx)
	for w, part := range splitByDegree(outside, growWorkers) {
		if len(part) == 0 {
			continue
		}
		p := maps.Clone(params)
		p["outside"] = part
		g.Go(func() (err error) {
			shares[w], err = readList(gctx, s, "network", networkGrowOutsideCypher, p, growEntry)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	all := slices.Concat(shares...)
	slices.SortFunc(all, func(a, b joined) int {
		if a.tie != b.tie {
			return cmp.Compare(b.tie, a.tie)
		}
		return strings.Compare(a.uid, b.uid)
	})
	return all[:min(len(all), room+1)], nil
}

// outsider is an account outside a network: its element id and AMPLIFIED
// degree.
type outsider struct {
	eid    string
	degree int64
}

// splitByDegree cuts the accounts into n runs of about equal summed degree
// (the edges each worker reads), as element ids: accounts' degrees are
// skewed, and halves by count left one worker three times the other's
// edges.
func splitByDegree(accounts []outsider, n int) [][]string {
	var total int64
	for _, a := range accounts {
		total += a.degree
	}
	parts := make([][]string, n)
	var sum int64
	for _, a := range accounts {
		w := 0
		if total > 0 {
			w = min(int(sum*int64(n)/total), n-1)
		}
		parts[w] = append(parts[w], a.eid)
		sum += a.degree
	}
	return parts
}

// aggregateEdges reads the heaviest AMPLIFIED aggregates among the
// network's accounts: from the top of the amplified_total index when the
// network's accounts hold at least half the graph's edge ends (so that few
// index entries are skipped), else from the accounts themselves. Both name
// an edge's ends by their places in the network's nodes, which Neo4j finds
// in a map from element ids (no store read) and sends as small integers
// (a fifth of the bytes of two account ids, and no strings to decode).
func (s *Store) aggregateEdges(ctx context.Context, params map[string]any, b *netBuild, allKinds bool, amplified int64, max int) ([]model.NetworkEdge, error) {
	pos := make(map[string]any, len(b.members))
	var deg int64
	for _, m := range b.members {
		pos[m.eid] = m.pos
		deg += m.degree
	}
	nodes := make([]string, len(b.list))
	for i, j := range b.list {
		nodes[i] = j.uid
	}
	query := networkEdgesNodesCypher
	switch plan := s.networkPlan; {
	case plan == planOutside && allKinds, plan == planAuto && allKinds && deg >= amplified:
		query = networkEdgesHeaviestCypher
	}
	params["nodes"], params["members"], params["max"] = nodes, pos, max
	defer dropParams(params, "nodes", "members", "max")
	return readList(ctx, s, "network", query, params, func(v any) (model.NetworkEdge, error) {
		row, _ := v.([]any)
		if len(row) < 2 {
			return model.NetworkEdge{}, fmt.Errorf("edge entry %T", v)
		}
		src, dst := asInt(row[0]), asInt(row[1])
		if src < 0 || dst < 0 || src >= len(nodes) || dst >= len(nodes) {
			return model.NetworkEdge{}, fmt.Errorf("edge entry names node %d or %d of %d", src, dst, len(nodes))
		}
		return edgeRow(nodes[src], nodes[dst], row[2:])
	})
}

// windowRows keeps the edges a windowed network has read, by id: each
// hop's frontier is read once, and the edges among the network come from
// those reads.
type windowRows struct {
	edges map[string]model.NetworkEdge
	read  map[string]bool // accounts whose edges were read
	cut   bool
}

// windowLimit bounds the edges one windowed read returns, per node of the
// cap: hitting it truncates the network.
const windowLimit = 20

// windowGrow recomputes the frontier's edges from the engagements in the
// window (their count is bounded by the frontier's posts) and picks, as
// aggregateGrow does, the accounts most strongly tied to the frontier.
func (s *Store) windowGrow(ctx context.Context, params map[string]any, w *windowRows, frontier []string, members map[string]netAccount, room, limit int) ([]string, error) {
	rows, err := s.windowRead(ctx, params, w, frontier, windowLimit*limit)
	if err != nil {
		return nil, err
	}
	tie := map[string]float64{}
	var next []string
	for _, r := range rows {
		if _, ok := members[r.node]; !ok {
			if _, seen := tie[r.node]; !seen {
				next = append(next, r.node)
			}
			tie[r.node] += r.edge.Weight
		}
	}
	sort.SliceStable(next, func(i, j int) bool {
		if tie[next[i]] != tie[next[j]] {
			return tie[next[i]] > tie[next[j]]
		}
		return next[i] < next[j]
	})
	return next[:min(len(next), room+1)], nil
}

type windowRow struct {
	node string // the far account
	edge model.NetworkEdge
}

func (s *Store) windowRead(ctx context.Context, params map[string]any, w *windowRows, frontier []string, maxRows int) ([]windowRow, error) {
	params["frontier"], params["max"] = frontier, maxRows+1
	defer dropParams(params, "frontier", "max")
	rows, err := readList(ctx, s, "network", networkExpandWindowCypher, params, func(v any) (windowRow, error) {
		row, _ := v.([]any)
		if len(row) == 0 {
			return windowRow{}, fmt.Errorf("window row %T", v)
		}
		if len(row) < 3 {
			return windowRow{}, fmt.Errorf("window row of %d values", len(row))
		}
		e, err := edgeRow(str(row[1]), str(row[2]), row[3:])
		return windowRow{node: str(row[0]), edge: e}, err
	})
	if err != nil {
		return nil, err
	}
	if len(rows) > maxRows {
		rows, w.cut = rows[:maxRows], true
	}
	if w.edges == nil {
		w.edges, w.read = map[string]model.NetworkEdge{}, map[string]bool{}
	}
	for _, uid := range frontier {
		w.read[uid] = true
	}
	for _, r := range rows {
		w.edges[r.edge.ID] = r.edge
	}
	return rows, nil
}

// windowEdges reads the last accounts that joined (their edges are not
// read yet) and keeps, of all edges read, those among the network,
// heaviest first, in the order aggregateEdges gives.
func (s *Store) windowEdges(ctx context.Context, params map[string]any, w *windowRows, last []string, members map[string]netAccount, max int) ([]model.NetworkEdge, error) {
	var unread []string
	for _, uid := range last {
		if !w.read[uid] {
			unread = append(unread, uid)
		}
	}
	if len(unread) > 0 {
		if _, err := s.windowRead(ctx, params, w, unread, windowLimit*len(members)); err != nil {
			return nil, err
		}
	}
	var edges []model.NetworkEdge
	for _, e := range w.edges {
		_, ok1 := members[e.Source]
		_, ok2 := members[e.Target]
		if ok1 && ok2 {
			edges = append(edges, e)
		}
	}
	sort.Slice(edges, func(i, j int) bool {
		a, b := edges[i], edges[j]
		if a.Weight != b.Weight {
			return a.Weight > b.Weight
		}
		if ta, tb := members[a.Target].pos, members[b.Target].pos; ta != tb {
			return ta < tb
		}
		return members[a.Source].pos < members[b.Source].pos
	})
	if w.cut && len(edges) < max {
		// Some engagements were not read: say so as the cap would.
		edges = append(edges, model.NetworkEdge{})
	}
	return edges[:min(len(edges), max)], nil
}

// dropParams removes per-step keys from the parameters the steps share.
func dropParams(params map[string]any, keys ...string) {
	for _, k := range keys {
		delete(params, k)
	}
}

// edgeRow maps the rest of an AMPLIFIED entry to the edge from src to
// dst: [weight], then [firstAtMs, lastAtMs] unless bare, then [retweets,
// replies, quotes, mentions] when full (the queries' $detail).
func edgeRow(src, dst string, row []any) (model.NetworkEdge, error) {
	if len(row) != 1 && len(row) != 3 && len(row) != 7 {
		return model.NetworkEdge{}, fmt.Errorf("edge entry of %d values, want 1, 3 or 7 after its ends", len(row))
	}
	e := model.NetworkEdge{ID: "AMPLIFIED:" + src + "->" + dst, Source: src, Target: dst, Kind: "AMPLIFIED", Weight: float64(asInt(row[0]))}
	if len(row) >= 3 {
		e.FirstAt, e.LastAt = msTime(row[1]), msTime(row[2])
	}
	if len(row) == 7 {
		e.Properties = map[string]any{"retweets": row[3], "replies": row[4], "quotes": row[5], "mentions": row[6]}
		if e.FirstAt != nil {
			e.Properties["firstAt"] = e.FirstAt.Format(time.RFC3339Nano)
		}
		if e.LastAt != nil {
			e.Properties["lastAt"] = e.LastAt.Format(time.RFC3339Nano)
		}
	}
	return e, nil
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
	if err != nil {
		return nil, err
	}
	if len(nets) == 0 {
		// No connection, or no such account: only now is a lookup worth
		// it, one for both ends, to say which (a found path needs none).
		known, err := s.AccountsOf(ctx, []string{from, to})
		if err != nil {
			return nil, err
		}
		for _, uid := range []string{from, to} {
			if _, ok := known[uid]; !ok {
				return nil, apperr.New(apperr.NotFound, "no account with id %q", uid)
			}
		}
		return nil, nil
	}
	return &nets[0], nil
}
