// Command netbench measures the query behind the workbench's drawing,
// `network(seeds: [seed], hops: H, limit: L)`, on a loaded release, against
// a baseline measured in the same run: the same query as it was before the
// hop rewrite (commit f58de0e, the figures issue 13 starts from: every
// AMPLIFIED edge of a frontier sorted and sent, 20 rows per node of the cap).
//
// For each hop count, on each seed (the accounts with the most amplifiers),
// rounds alternate which way runs first:
//
//   - before: f58de0e's hop query (before_expand.cypher) and loop, through the
//     same store reads for accounts;
//   - store: Store.Network, as the resolver calls it;
//   - graphql: POST /graphql to the in-process production handler, the
//     workbench's selection (nodes with properties, edges), read in full.
//
// It prints p50/p90/max per way and hop count, the ratio before/graphql, the
// answer's size, and whether the p50 of graphql meets issue 13's targets
// (hops 2 ≤ 300 ms, hops 3 ≤ 1 s). Nothing is written to the graph.
//
//	NEO4J_URI=neo4j://127.0.0.1:7687 NEO4J_PASSWORD=… go run ./bench/netbench -limit 5000 -runs 5
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/bench/internal/benchkit"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

var (
	//go:embed seeds.cypher
	seedsCypher string
	//go:embed before_expand.cypher
	beforeExpandCypher string
)

// gqlQuery is the workbench's drawing selection (web/src/ops/NetworkDrawing.graphql):
// nodes and edges as columns. -query times another (Network.graphql's edges as objects:
// `nodes { id kind label platform properties } edges { id source target kind weight properties }`).
const gqlQuery = `query($seeds: [ID!]!, $hops: Int, $limit: Int) { network(seeds: $seeds, hops: $hops, limit: $limit) {
  truncated nodeTable { id kind label platform properties } edgeTable { source target kind weight } } }`

// targets are issue 13's p50 goals per hop count, in milliseconds.
var targets = map[int]float64{2: 300, 3: 1000}

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "netbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	fs := flag.NewFlagSet("netbench", flag.ContinueOnError)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	hopsFlag := fs.String("hops", "1,2,3", "hop counts to measure")
	limit := fs.Int("limit", 5000, "node cap (network's limit)")
	nSeeds := fs.Int("seeds", 5, "seeds: the accounts with the most amplifiers")
	runs := fs.Int("runs", 5, "timed rounds per seed and hop count (after one warm-up round)")
	skipBefore := fs.Bool("skip-before", false, "do not time the baseline (it is slow on big graphs)")
	query := fs.String("query", gqlQuery, "the GraphQL query timed (variables seeds, hops, limit)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed rounds (this process: server, driver and client) to this file")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	var hops []int
	for _, f := range strings.Split(*hopsFlag, ",") {
		h, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || h < 1 || h > 3 {
			return fmt.Errorf("-hops: %q is not 1, 2 or 3", f)
		}
		hops = append(hops, h)
	}
	g, err := graphdb.Open(ctx, n4j, nil)
	if err != nil {
		return err
	}
	st := store.New(g)
	defer st.Close(context.Background())
	res, err := g.Query(ctx, seedsCypher, map[string]any{"n": *nSeeds}, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return fmt.Errorf("seeds: %w", err)
	}
	if len(res.Records) == 0 {
		return fmt.Errorf("no accounts: load a release first")
	}
	var seeds []string
	for _, r := range res.Records {
		m := r.AsMap()
		seeds = append(seeds, m["uid"].(string))
		if len(seeds) == 1 {
			fmt.Printf("graph: %d Tweet nodes, %d AMPLIFIED; %s; load average %s\n", m["tweets"], m["amplified"], benchkit.MemTotal(), benchkit.LoadAvg())
		}
		fmt.Printf("seed %s: %d amplifiers\n", m["uid"], m["amplifiers"])
	}
	srv := httptest.NewServer(server.Handler(st, slog.New(slog.DiscardHandler), server.WithAccess(server.Access{NoAuth: true})))
	defer srv.Close()
	client := &http.Client{}
	graphql := func(seed string, h int) (int, int, bool, error) {
		body, _ := json.Marshal(map[string]any{"query": *query, "variables": map[string]any{"seeds": []string{seed}, "hops": h, "limit": *limit}})
		resp, err := client.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			return 0, 0, false, err
		}
		defer resp.Body.Close()
		var out struct {
			Data struct {
				Network struct {
					Truncated bool
					Nodes     []json.RawMessage
					Edges     []json.RawMessage
					NodeTable *struct {
						ID, Kind, Label []string
						Platform        []*string
						Properties      []json.RawMessage
					}
					EdgeTable *struct {
						Source, Target  []int
						Kind            []string
						Weight          []float64
						FirstAt, LastAt []*string
					}
				}
			}
			Errors []json.RawMessage
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return 0, 0, false, err
		}
		if len(out.Errors) > 0 {
			return 0, 0, false, fmt.Errorf("graphql: %s", out.Errors[0])
		}
		n := out.Data.Network
		nodes, edges := len(n.Nodes), len(n.Edges)
		if n.NodeTable != nil {
			nodes = len(n.NodeTable.ID)
		}
		if n.EdgeTable != nil {
			edges = len(n.EdgeTable.Source)
		}
		return nodes, edges, n.Truncated, nil
	}
	filter := func(h int) store.NetworkFilter {
		return store.NetworkFilter{Hops: h, MinWeight: 1, Limit: *limit, Detail: store.EdgeBare}
	}

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Printf("network(seeds: [seed], hops: H, limit: %d): %d rounds per seed after a warm-up; ms\n", *limit, *runs)
	fmt.Printf("%-5s %-8s %9s %9s %9s  %s\n", "hops", "way", "p50", "p90", "max", "answer (nodes/edges, truncated)")
	for _, h := range hops {
		ways := []string{"store", "graphql"}
		if !*skipBefore {
			ways = append([]string{"before"}, ways...)
		}
		samples := map[string][]time.Duration{}
		sizes := map[string]string{}
		for _, seed := range seeds {
			for round := 0; round <= *runs; round++ {
				for j := range ways {
					way := ways[(round+j)%len(ways)]
					t0 := time.Now()
					var nodes, edges int
					var trunc bool
					switch way {
					case "before":
						net, err := before(ctx, st, g, n4j, seed, filter(h))
						if err != nil {
							return err
						}
						nodes, edges, trunc = len(net.Nodes), len(net.Edges), net.Truncated
					case "store":
						net, err := st.Network(ctx, []string{seed}, filter(h))
						if err != nil {
							return err
						}
						nodes, edges, trunc = len(net.Nodes), len(net.Edges), net.Truncated
					case "graphql":
						if nodes, edges, trunc, err = graphql(seed, h); err != nil {
							return err
						}
					}
					if round > 0 {
						samples[way] = append(samples[way], time.Since(t0))
					}
					if seed == seeds[0] {
						sizes[way] = fmt.Sprintf("%d/%d, %v (first seed)", nodes, edges, trunc)
					}
				}
			}
		}
		for _, way := range ways {
			p50, p90, mx := pct(samples[way], .5), pct(samples[way], .9), pct(samples[way], 1)
			fmt.Printf("%-5d %-8s %9.1f %9.1f %9.1f  %s\n", h, way, p50, p90, mx, sizes[way])
		}
		gq := pct(samples["graphql"], .5)
		line := fmt.Sprintf("hops %d: graphql p50 %.1f ms", h, gq)
		if !*skipBefore {
			line += fmt.Sprintf(", before/graphql %.2fx", pct(samples["before"], .5)/gq)
		}
		if t, ok := targets[h]; ok {
			verdict := "meets"
			if gq > t {
				verdict = "MISSES"
			}
			line += fmt.Sprintf("; target <= %.0f ms: %s", t, verdict)
		}
		fmt.Println(line)
	}
	return nil
}

func pct(xs []time.Duration, q float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return math.NaN()
	}
	return float64(s[int(q*float64(len(s)-1))]) / 1e6
}

// before is the network loop as it was at f58de0e: one query per hop that
// returns every edge of the frontier, heaviest first, up to 20 per node of
// the cap; accounts join in the order of their heaviest edge.
func before(ctx context.Context, st *store.Store, g *graphdb.DB, n4j config.Neo4j, seed string, f store.NetworkFilter) (*model.Network, error) {
	net := &model.Network{}
	a, err := st.Account(ctx, seed)
	if err != nil {
		return nil, err
	}
	index := map[string]bool{seed: true}
	net.Nodes = append(net.Nodes, model.NetworkNode{ID: a.ID})
	maxRows := 20 * f.Limit
	edges := map[string]bool{}
	frontier := []string{seed}
	opts := []neo4j.ExecuteQueryConfigurationOption{neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(n4j.QueryTimeout))}
	for h := 1; h <= f.Hops && len(frontier) > 0; h++ {
		res, err := g.Query(ctx, beforeExpandCypher, map[string]any{"frontier": frontier, "max": maxRows + 1,
			"kinds": []string{"RETWEET", "REPLY", "QUOTE", "MENTION"}, "minWeight": f.MinWeight}, opts...)
		if err != nil {
			return nil, err
		}
		rows := res.Records
		if len(rows) > maxRows {
			rows, net.Truncated = rows[:maxRows], true
		}
		var next []string
		for _, r := range rows {
			m := r.AsMap()
			node, src, dst := m["node"].(string), m["source"].(string), m["target"].(string)
			if !index[node] {
				if len(net.Nodes)+len(next) >= f.Limit {
					net.Truncated = true
					continue
				}
				index[node] = true
				next = append(next, node)
			}
			id := src + "->" + dst
			if index[src] && index[dst] && !edges[id] {
				edges[id] = true
				net.Edges = append(net.Edges, model.NetworkEdge{ID: id, Source: src, Target: dst})
			}
		}
		if len(next) == 0 {
			break
		}
		joined, err := st.AccountsOf(ctx, next)
		if err != nil {
			return nil, err
		}
		for _, uid := range next {
			net.Nodes = append(net.Nodes, model.NetworkNode{ID: joined[uid].ID})
		}
		frontier = next
	}
	return net, nil
}
