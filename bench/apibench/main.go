// Command apibench measures the amplifiers query through the whole GraphQL
// stack (HTTP, gqlgen, resolver, store) against the same Cypher run directly
// with the driver, in one run on the same data, and prints p50/p99 of each
// and their ratios. Point it at a Neo4j with a release loaded:
//
//	NEO4J_URI=neo4j://127.0.0.1:7687 go run ./bench/apibench -n 1000 -out 1m.json
//
// Three ways are timed, interleaved request by request on the same seeds
// after a warm-up, each starting first in turn:
//
//   - direct: the store's Cypher (internal/store/amplifiers.cypher, read
//     from the source tree) through graphdb with the resolver's parameters
//     and transaction config, the records left as the driver gives them;
//   - store: Store.Amplifiers, i.e. direct plus the store's gate and mapping;
//   - graphql: an HTTP POST of the GraphQL query to the in-process server
//     (the production handler), the response read in full.
//
// During the warm-up every seed's GraphQL answer is decoded and checked
// against the store's (same totalCount, same accounts in the same order),
// so both sides do the same work.
//
// Seeds are by default the accounts with the most amplifiers. With -like
// FILE (a result written by -out), they are the accounts whose amplifier
// counts are nearest to FILE's seeds', and the run ends by printing its
// latencies over FILE's: how a bigger graph compares at equal degree.
// -compare BASE NEW prints the same comparison from two saved results.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
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
	//go:embed top_seeds.cypher
	topSeedsCypher string
	//go:embed seed_degrees.cypher
	seedDegreesCypher string
	//go:embed graph_size.cypher
	graphSizeCypher string
	//go:embed neo4j_version.cypher
	neo4jVersionCypher string
)

const gqlQuery = `query($seed: ID!) { amplifiers(seed: $seed, first: 50) { totalCount edges { node {
  account { id handle } retweets replies quotes mentions total firstAt lastAt minLatencySeconds medianLatencySeconds } } } }`

// pageSize is the page the GraphQL query asks for (first: 50).
const pageSize = 50

// Seed is one benchmarked account and its amplifier count (its degree).
type Seed struct {
	UID        string `json:"uid"`
	Amplifiers int64  `json:"amplifiers"`
}

// Stats are one way's latencies, in milliseconds.
type Stats struct {
	P50  float64 `json:"p50_ms"`
	P90  float64 `json:"p90_ms"`
	P99  float64 `json:"p99_ms"`
	Mean float64 `json:"mean_ms"`
}

// Result is what -out writes and -like and -compare read.
type Result struct {
	Label  string    `json:"label"`
	Time   time.Time `json:"time"`
	Neo4j  string    `json:"neo4j"`
	Tweets int64     `json:"tweet_nodes"`
	Accts  int64     `json:"accounts"`
	Ampl   int64     `json:"amplified_relationships"`
	Choice string    `json:"seed_choice"`
	Seeds  []Seed    `json:"seeds"`
	N      int       `json:"requests_per_way"`
	Warmup int       `json:"warmup_rounds"`
	// Direct, Store and GraphQL are the three ways; Ratio* are GraphQL over
	// direct at p50 and p99, PairedRatio the median of per-round ratios.
	Direct      Stats   `json:"direct"`
	Store       Stats   `json:"store"`
	GraphQL     Stats   `json:"graphql"`
	RatioP50    float64 `json:"ratio_p50"`
	RatioP99    float64 `json:"ratio_p99"`
	PairedRatio float64 `json:"paired_median_ratio"`
}

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "apibench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	fs := flag.NewFlagSet("apibench", flag.ContinueOnError)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	n := fs.Int("n", 1000, "timed requests per way")
	warmup := fs.Int("warmup", 200, "untimed rounds (every way once) before timing")
	seedsN := fs.Int("seeds", 10, "how many seeds to rotate through")
	label := fs.String("label", "", "name of this run in the output (e.g. 1M)")
	out := fs.String("out", "", "write the result as JSON to this file")
	like := fs.String("like", "", "pick seeds with the amplifier counts of this result's seeds, and compare with it")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the timed rounds (client, server and driver: one process) to this file")
	compare := fs.Bool("compare", false, "print the comparison of two saved results: -compare BASE.json NEW.json")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	if *compare {
		if fs.NArg() != 2 {
			return errors.New("-compare takes two result files: BASE.json NEW.json")
		}
		base, err := readResult(fs.Arg(0))
		if err != nil {
			return err
		}
		nw, err := readResult(fs.Arg(1))
		if err != nil {
			return err
		}
		printComparison(base, nw)
		return nil
	}
	var base *Result
	if *like != "" {
		b, err := readResult(*like)
		if err != nil {
			return err
		}
		base = &b
	}

	g, err := graphdb.Open(ctx, n4j, nil)
	if err != nil {
		return err
	}
	st := store.New(g)
	defer st.Close(context.Background())
	q := func(cypher string, params map[string]any) ([]*neo4j.Record, error) {
		res, err := g.Query(ctx, cypher, params, neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			return nil, err
		}
		return res.Records, nil
	}

	r := Result{Label: *label, Time: time.Now().UTC(), N: *n, Warmup: *warmup}
	recs, err := q(neo4jVersionCypher, nil)
	if err != nil {
		return fmt.Errorf("neo4j version: %w", err)
	}
	if len(recs) > 0 {
		r.Neo4j, _, _ = neo4j.GetRecordValue[string](recs[0], "value")
	}
	if recs, err = q(graphSizeCypher, nil); err != nil {
		return fmt.Errorf("graph size: %w", err)
	}
	r.Tweets, _, _ = neo4j.GetRecordValue[int64](recs[0], "tweets")
	r.Accts, _, _ = neo4j.GetRecordValue[int64](recs[0], "accounts")
	r.Ampl, _, _ = neo4j.GetRecordValue[int64](recs[0], "amplified")

	if base == nil {
		r.Choice = fmt.Sprintf("the %d accounts with the most amplifiers", *seedsN)
		if recs, err = q(topSeedsCypher, map[string]any{"n": *seedsN}); err != nil {
			return fmt.Errorf("top seeds: %w", err)
		}
		r.Seeds = seedsOf(recs)
	} else {
		r.Choice = fmt.Sprintf("the accounts whose amplifier counts are nearest to the seeds of %s (%s)", *like, base.Label)
		if recs, err = q(seedDegreesCypher, nil); err != nil {
			return fmt.Errorf("seed degrees: %w", err)
		}
		r.Seeds = nearest(seedsOf(recs), base.Seeds)
	}
	if len(r.Seeds) == 0 {
		return fmt.Errorf("no AMPLIFIED relationships: load a release first")
	}

	// The per-user rate limit (20 a second) would refuse most timed
	// requests of one client; what is measured is a request's cost.
	srv := httptest.NewServer(server.Handler(st, slog.New(slog.DiscardHandler),
		server.WithAccess(server.Access{NoAuth: true, Rate: 1e9, Burst: 1e9})))
	defer srv.Close()
	b, err := newBench(g, st, n4j, srv.URL, r.Seeds)
	if err != nil {
		return err
	}

	// Warm up every way on every seed (query plans, JIT, connections, page
	// cache) and check that GraphQL answers what the store answers.
	for i := 0; i < max(*warmup, len(r.Seeds)); i++ {
		k := i % len(r.Seeds)
		if err := b.verify(ctx, k); err != nil {
			return err
		}
		if err := b.direct(ctx, k); err != nil {
			return err
		}
	}

	// Time the three ways round by round on the same seed, each starting
	// first in turn, so they see the same machine, cache and GC.
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	ways := []func(context.Context, int) error{b.direct, b.store, b.graphql}
	samples := make([][]time.Duration, len(ways))
	for i := 0; i < *n; i++ {
		k := i % len(r.Seeds)
		for j := range ways {
			w := (i + j) % len(ways)
			t0 := time.Now()
			if err := ways[w](ctx, k); err != nil {
				return err
			}
			samples[w] = append(samples[w], time.Since(t0))
		}
	}
	r.Direct, r.Store, r.GraphQL = stats(samples[0]), stats(samples[1]), stats(samples[2])
	r.RatioP50, r.RatioP99 = r.GraphQL.P50/r.Direct.P50, r.GraphQL.P99/r.Direct.P99
	ratios := make([]float64, *n)
	for i := range ratios {
		ratios[i] = float64(samples[2][i]) / float64(samples[0][i])
	}
	slices.Sort(ratios)
	r.PairedRatio = ratios[len(ratios)/2]

	printResult(r)
	if base != nil {
		fmt.Println()
		printComparison(*base, r)
	}
	if *out != "" {
		data, _ := json.MarshalIndent(r, "", "  ")
		if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// bench holds what each timed call needs prepared, so that the harness
// does no per-call work a way does not need.
type bench struct {
	st     *store.Store
	g      *graphdb.DB
	cypher string // the store's amplifiers query, as the store embeds it
	opts   []neo4j.ExecuteQueryConfigurationOption
	filter store.AmplifierFilter
	params []map[string]any // per seed, for the direct query
	bodies [][]byte         // per seed, the GraphQL request body
	seeds  []Seed
	url    string
	client *http.Client
	buf    bytes.Buffer
}

// amplifiersFile is the store's query the direct way runs, read from the
// source tree so that the benchmark runs exactly what the store embeds.
const amplifiersFile = "internal/store/amplifiers.cypher"

func newBench(g *graphdb.DB, st *store.Store, n4j config.Neo4j, url string, seeds []Seed) (*bench, error) {
	cypher, err := os.ReadFile(filepath.Join(benchkit.ModuleRoot(), amplifiersFile))
	if err != nil {
		return nil, fmt.Errorf("the direct query: %w", err)
	}
	b := &bench{st: st, g: g, cypher: string(cypher), seeds: seeds, url: url + "/graphql",
		// The resolver's defaults for amplifiers(seed, first: 50).
		filter: store.AmplifierFilter{MinTotal: 1, Skip: 0, Limit: pageSize,
			Order: model.AmplifierOrder{Field: model.OrderTotal, Direction: model.Desc}},
		// The store's read options: same routing and tx timeout (graphdb
		// adds the database).
		opts: []neo4j.ExecuteQueryConfigurationOption{neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(n4j.QueryTimeout))},
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}},
	}
	for _, s := range seeds {
		b.params = append(b.params, map[string]any{"seed": s.UID, "minTotal": b.filter.MinTotal,
			"order": string(b.filter.Order.Field), "desc": true, "skip": b.filter.Skip, "limit": b.filter.Limit})
		body, _ := json.Marshal(map[string]any{"query": gqlQuery, "variables": map[string]any{"seed": s.UID}})
		b.bodies = append(b.bodies, body)
	}
	return b, nil
}

// direct runs the store's Cypher through graphdb, without the store.
func (b *bench) direct(ctx context.Context, k int) error {
	_, err := b.g.Query(ctx, b.cypher, b.params[k], b.opts...)
	return err
}

func (b *bench) store(ctx context.Context, k int) error {
	_, _, err := b.st.Amplifiers(ctx, b.seeds[k].UID, b.filter)
	return err
}

// graphql posts the prepared request and reads the whole response; it
// checks the status and that no error came back, not the JSON (verify
// does, during the warm-up).
func (b *bench) graphql(ctx context.Context, k int) error {
	_, err := b.post(ctx, k)
	return err
}

func (b *bench) post(ctx context.Context, k int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.url, bytes.NewReader(b.bodies[k]))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b.buf.Reset()
	if _, err := b.buf.ReadFrom(resp.Body); err != nil {
		return nil, err
	}
	out := b.buf.Bytes()
	if resp.StatusCode != http.StatusOK || bytes.Contains(out, []byte(`"errors"`)) {
		return nil, fmt.Errorf("graphql: %s: %s", resp.Status, out)
	}
	return out, nil
}

// verify runs seed k through the store and through GraphQL and checks they
// give the same answer.
func (b *bench) verify(ctx context.Context, k int) error {
	page, total, err := b.st.Amplifiers(ctx, b.seeds[k].UID, b.filter)
	if err != nil {
		return err
	}
	out, err := b.post(ctx, k)
	if err != nil {
		return err
	}
	var resp struct {
		Data struct {
			Amplifiers struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Account struct{ ID string }
						Total   int
					}
				}
			}
		}
	}
	if err := json.Unmarshal(out, &resp); err != nil {
		return fmt.Errorf("graphql answer: %w", err)
	}
	a := resp.Data.Amplifiers
	if a.TotalCount != total || len(a.Edges) != len(page) {
		return fmt.Errorf("seed %s: GraphQL gives %d amplifiers (%d on the page), the store %d (%d)",
			b.seeds[k].UID, a.TotalCount, len(a.Edges), total, len(page))
	}
	for i, e := range a.Edges {
		if e.Node.Account.ID != page[i].Account.ID || e.Node.Total != page[i].Total {
			return fmt.Errorf("seed %s: row %d differs: GraphQL %s (%d), the store %s (%d)", b.seeds[k].UID, i,
				e.Node.Account.ID, e.Node.Total, page[i].Account.ID, page[i].Total)
		}
	}
	return nil
}

func seedsOf(recs []*neo4j.Record) []Seed {
	var seeds []Seed
	for _, r := range recs {
		uid, _, _ := neo4j.GetRecordValue[string](r, "uid")
		d, _, _ := neo4j.GetRecordValue[int64](r, "amplifiers")
		seeds = append(seeds, Seed{uid, d})
	}
	return seeds
}

// nearest picks, for each target seed, a distinct candidate with the
// nearest amplifier count, taking the largest targets first.
func nearest(cands, targets []Seed) []Seed {
	sort.Slice(cands, func(i, j int) bool { return cands[i].Amplifiers < cands[j].Amplifiers })
	used := make([]bool, len(cands))
	ts := slices.Clone(targets)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Amplifiers > ts[j].Amplifiers })
	var out []Seed
	for _, t := range ts {
		best := -1
		for i, c := range cands {
			if used[i] {
				continue
			}
			if best < 0 || abs(c.Amplifiers-t.Amplifiers) < abs(cands[best].Amplifiers-t.Amplifiers) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		used[best] = true
		out = append(out, cands[best])
	}
	return out
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func stats(xs []time.Duration) Stats {
	s := slices.Clone(xs)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }
	p := func(q float64) float64 { return ms(s[int(q*float64(len(s)-1))]) }
	var sum time.Duration
	for _, x := range s {
		sum += x
	}
	return Stats{P50: p(.5), P90: p(.9), P99: p(.99), Mean: ms(sum / time.Duration(len(s)))}
}

func degrees(seeds []Seed) (lo, mean, hi int64) {
	lo = math.MaxInt64
	var sum int64
	for _, s := range seeds {
		lo, hi, sum = min(lo, s.Amplifiers), max(hi, s.Amplifiers), sum+s.Amplifiers
	}
	return lo, sum / int64(max(len(seeds), 1)), hi
}

func printResult(r Result) {
	lo, mean, hi := degrees(r.Seeds)
	fmt.Printf("%s graph: %d Tweet nodes, %d accounts, %d AMPLIFIED; Neo4j %s\n", r.Label, r.Tweets, r.Accts, r.Ampl, r.Neo4j)
	fmt.Printf("seeds: %s: %d seeds, amplifiers min %d mean %d max %d\n", r.Choice, len(r.Seeds), lo, mean, hi)
	fmt.Printf("amplifiers(first: %d): %d timed requests per way after %d warm-up rounds, interleaved\n", pageSize, r.N, r.Warmup)
	fmt.Printf("%-22s %9s %9s %9s %9s\n", "way (ms)", "p50", "p90", "p99", "mean")
	for _, w := range []struct {
		name string
		s    Stats
	}{{"direct Cypher+decode", r.Direct}, {"Store.Amplifiers", r.Store}, {"GraphQL over HTTP", r.GraphQL}} {
		fmt.Printf("%-22s %9.3f %9.3f %9.3f %9.3f\n", w.name, w.s.P50, w.s.P90, w.s.P99, w.s.Mean)
	}
	fmt.Printf("ratio GraphQL/direct  p50 %.2f  p99 %.2f  (target <= 1.2); median of per-round ratios %.2f\n",
		r.RatioP50, r.RatioP99, r.PairedRatio)
	fmt.Printf("GraphQL adds %.3f ms at p50, %.3f ms at p99\n", r.GraphQL.P50-r.Direct.P50, r.GraphQL.P99-r.Direct.P99)
}

func printComparison(base, nw Result) {
	bl, bm, bh := degrees(base.Seeds)
	nl, nm, nh := degrees(nw.Seeds)
	fmt.Printf("%s vs %s: Tweet nodes %d vs %d (x%.1f), AMPLIFIED %d vs %d (x%.1f)\n", nw.Label, base.Label,
		nw.Tweets, base.Tweets, float64(nw.Tweets)/float64(base.Tweets), nw.Ampl, base.Ampl, float64(nw.Ampl)/float64(base.Ampl))
	fmt.Printf("seed amplifiers min/mean/max: %d/%d/%d vs %d/%d/%d\n", nl, nm, nh, bl, bm, bh)
	for _, w := range []struct {
		name   string
		nw, bs Stats
	}{{"direct", nw.Direct, base.Direct}, {"GraphQL", nw.GraphQL, base.GraphQL}} {
		fmt.Printf("latency ratio %s/%s %-8s p50 %.2f (%.3f/%.3f ms)  p99 %.2f (%.3f/%.3f ms)  (target <= 1.5)\n",
			nw.Label, base.Label, w.name, w.nw.P50/w.bs.P50, w.nw.P50, w.bs.P50, w.nw.P99/w.bs.P99, w.nw.P99, w.bs.P99)
	}
}

func readResult(path string) (Result, error) {
	var r Result
	data, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("%s: %w", path, err)
	}
	if r.Label == "" {
		r.Label = path
	}
	return r, nil
}

func str(v any) string { s, _ := v.(string); return s }
