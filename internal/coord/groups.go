package coord

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Nodes returns the distinct endpoints of edges in byte order: the vertex set
// of CooRTweet's subgraph.edges(..., delete.vertices = TRUE).
func Nodes(edges []Edge) []string {
	out := make([]string, 0, 2*len(edges))
	for _, e := range edges {
		out = append(out, e.A, e.B)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sortGroups orders members in byte order and groups by size (largest first),
// then by first member, so output never depends on map iteration.
func sortGroups(groups [][]string) [][]string {
	for _, g := range groups {
		slices.Sort(g)
	}
	slices.SortFunc(groups, func(x, y []string) int {
		if c := cmp.Compare(len(y), len(x)); c != 0 {
			return c
		}
		return strings.Compare(x[0], y[0])
	})
	return groups
}

// Components returns the connected components of the network (igraph's
// components()), each sorted, largest first.
func Components(edges []Edge) [][]string {
	idx := map[string]int{}
	var names []string
	id := func(s string) int {
		if i, ok := idx[s]; ok {
			return i
		}
		idx[s] = len(names)
		names = append(names, s)
		return len(names) - 1
	}
	var parent []int
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, e := range edges {
		a, b := id(e.A), id(e.B)
		for len(parent) < len(names) {
			parent = append(parent, len(parent))
		}
		if ra, rb := find(a), find(b); ra != rb {
			parent[ra] = rb
		}
	}
	byRoot := map[int][]string{}
	for i, n := range names {
		r := find(i)
		byRoot[r] = append(byRoot[r], n)
	}
	out := make([][]string, 0, len(byRoot))
	for _, g := range byRoot {
		out = append(out, g)
	}
	return sortGroups(out)
}

// Louvain finds communities by modularity optimisation (Blondel et al. 2008)
// on the network weighted by Edge.Weight, as igraph's cluster_louvain does in
// CooRTweet workflows. Node visiting order is shuffled with seed, so the
// result is deterministic for a seed and independent of edge order. It returns
// the communities (sorted, largest first) and their modularity on the input
// graph.
func Louvain(edges []Edge, seed uint64) (communities [][]string, modularity float64) {
	names := Nodes(edges)
	if len(names) == 0 {
		return nil, 0
	}
	idx := make(map[string]int, len(names))
	for i, n := range names {
		idx[n] = i
	}
	g := newWGraph(len(names))
	sorted := slices.Clone(edges)
	slices.SortFunc(sorted, func(x, y Edge) int {
		if c := strings.Compare(x.A, y.A); c != 0 {
			return c
		}
		return strings.Compare(x.B, y.B)
	})
	for _, e := range sorted {
		g.add(idx[e.A], idx[e.B], float64(e.Weight))
	}
	if g.total == 0 {
		out := make([][]string, len(names))
		for i, n := range names {
			out[i] = []string{n}
		}
		return sortGroups(out), 0
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	member := make([]int, len(names)) // original node -> current community
	for i := range member {
		member[i] = i
	}
	for level := g; ; {
		comm, moved := level.localMoves(rng)
		if !moved {
			break
		}
		comm = renumber(comm)
		for i := range member {
			member[i] = comm[member[i]]
		}
		level = level.aggregate(comm)
	}
	groups := map[int][]string{}
	for i, c := range member {
		groups[c] = append(groups[c], names[i])
	}
	out := make([][]string, 0, len(groups))
	for _, m := range groups {
		out = append(out, m)
	}
	return sortGroups(out), g.modularity(member)
}

// wgraph is an undirected weighted graph; a self-loop of weight w adds 2w to
// its node's degree, as in Newman's modularity.
type wgraph struct {
	adj   [][]wnb
	loop  []float64
	deg   []float64
	total float64 // m, the sum of edge weights
}

type wnb struct {
	to int
	w  float64
}

func newWGraph(n int) *wgraph {
	return &wgraph{adj: make([][]wnb, n), loop: make([]float64, n), deg: make([]float64, n)}
}

func (g *wgraph) add(a, b int, w float64) {
	g.total += w
	if a == b {
		g.loop[a] += w
		g.deg[a] += 2 * w
		return
	}
	g.adj[a] = append(g.adj[a], wnb{b, w})
	g.adj[b] = append(g.adj[b], wnb{a, w})
	g.deg[a] += w
	g.deg[b] += w
}

// localMoves is Louvain's first phase: move nodes to the neighbouring
// community with the best modularity gain until no move helps.
func (g *wgraph) localMoves(rng *rand.Rand) ([]int, bool) {
	n := len(g.adj)
	comm := make([]int, n)
	tot := make([]float64, n)
	for i := range comm {
		comm[i] = i
		tot[i] = g.deg[i]
	}
	order := rng.Perm(n)
	m2 := 2 * g.total
	weightTo := make([]float64, n)
	var touched []int
	movedAny := false
	for pass := 0; pass < 1000; pass++ {
		moved := false
		for _, v := range order {
			cv := comm[v]
			touched = touched[:0]
			for _, nb := range g.adj[v] {
				c := comm[nb.to]
				if weightTo[c] == 0 {
					touched = append(touched, c)
				}
				weightTo[c] += nb.w
			}
			tot[cv] -= g.deg[v]
			// Staying wins ties; among others the first neighbour community
			// (adjacency order is deterministic) wins, so runs are repeatable.
			best, bestGain := cv, weightTo[cv]-tot[cv]*g.deg[v]/m2
			for _, c := range touched {
				if gain := weightTo[c] - tot[c]*g.deg[v]/m2; gain > bestGain+1e-12 {
					best, bestGain = c, gain
				}
			}
			tot[best] += g.deg[v]
			if best != cv {
				comm[v] = best
				moved, movedAny = true, true
			}
			for _, c := range touched {
				weightTo[c] = 0
			}
			weightTo[cv] = 0
		}
		if !moved {
			break
		}
	}
	return comm, movedAny
}

func renumber(comm []int) []int {
	ids := map[int]int{}
	out := make([]int, len(comm))
	for i, c := range comm {
		id, ok := ids[c]
		if !ok {
			id = len(ids)
			ids[c] = id
		}
		out[i] = id
	}
	return out
}

// aggregate is Louvain's second phase: one node per community, internal
// weight becoming a self-loop.
func (g *wgraph) aggregate(comm []int) *wgraph {
	k := 0
	for _, c := range comm {
		k = max(k, c+1)
	}
	ng := newWGraph(k)
	type pair struct{ a, b int }
	acc := map[pair]float64{}
	var keys []pair
	for v, nbs := range g.adj {
		for _, nb := range nbs {
			if v < nb.to {
				a, b := comm[v], comm[nb.to]
				if a > b {
					a, b = b, a
				}
				p := pair{a, b}
				if _, ok := acc[p]; !ok {
					keys = append(keys, p)
				}
				acc[p] += nb.w
			}
		}
		if g.loop[v] != 0 {
			p := pair{comm[v], comm[v]}
			if _, ok := acc[p]; !ok {
				keys = append(keys, p)
			}
			acc[p] += g.loop[v]
		}
	}
	for _, p := range keys {
		ng.add(p.a, p.b, acc[p])
	}
	return ng
}

// modularity is Q = sum_c [in_c/2m - (tot_c/2m)^2], summed in community
// order so that the float result is reproducible.
func (g *wgraph) modularity(comm []int) float64 {
	m2 := 2 * g.total
	k := 0
	for _, c := range comm {
		k = max(k, c+1)
	}
	in := make([]float64, k)
	tot := make([]float64, k)
	for v, nbs := range g.adj {
		tot[comm[v]] += g.deg[v]
		in[comm[v]] += 2 * g.loop[v]
		for _, nb := range nbs {
			if comm[nb.to] == comm[v] {
				in[comm[v]] += nb.w
			}
		}
	}
	q := 0.0
	for c := range tot {
		q += in[c]/m2 - (tot[c]/m2)*(tot[c]/m2)
	}
	return q
}

// WriteEdgeList writes "account_a,account_b,weight" rows with account_a <=
// account_b, sorted in byte order, as CSV (ids with commas or quotes are
// quoted), for tools that take an edge list.
func WriteEdgeList(w io.Writer, edges []Edge) error {
	rows := make([][3]string, len(edges))
	for i, e := range edges {
		a, b := e.A, e.B
		if a > b {
			a, b = b, a
		}
		rows[i] = [3]string{a, b, strconv.Itoa(e.Weight)}
	}
	slices.SortFunc(rows, func(x, y [3]string) int {
		if c := strings.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return strings.Compare(x[1], y[1])
	})
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"account_a", "account_b", "weight"}); err != nil {
		return fmt.Errorf("write edge list header: %w", err)
	}
	for _, r := range rows {
		if err := cw.Write(r[:]); err != nil {
			return fmt.Errorf("write edge %s-%s: %w", r[0], r[1], err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("flush edge list: %w", err)
	}
	return nil
}
