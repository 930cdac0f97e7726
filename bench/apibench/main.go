// Command apibench measures the amplifiers query through the whole GraphQL
// stack (HTTP, gqlgen, resolver, store) against the same Cypher run directly
// with the driver, in one run on the same data, and prints p50/p99 of each
// and their ratios. Point it at a Neo4j with a release loaded:
//
//	NEO4J_URI=neo4j://127.0.0.1:7687 go run ./bench/apibench -n 300
//
// It picks the seeds with the most amplifiers, so the query does real work.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
)

var (
	//go:embed top_seeds.cypher
	topSeedsCypher string
)

const gqlQuery = `query($seed: ID!) { amplifiers(seed: $seed, first: 50) { totalCount edges { node {
  account { id handle } retweets replies quotes mentions total firstAt lastAt minLatencySeconds medianLatencySeconds } } } }`

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
	n := fs.Int("n", 300, "requests per method")
	seedsN := fs.Int("seeds", 10, "how many top seeds to rotate through")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	st, err := store.Open(ctx, n4j, nil)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	res, err := neo4j.ExecuteQuery(ctx, st.Driver(), topSeedsCypher, map[string]any{"n": *seedsN}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(st.Database()), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return fmt.Errorf("top seeds: %w", err)
	}
	var seeds []string
	var degree int64
	for _, r := range res.Records {
		uid, _, _ := neo4j.GetRecordValue[string](r, "uid")
		d, _, _ := neo4j.GetRecordValue[int64](r, "amplifiers")
		seeds, degree = append(seeds, uid), degree+d
	}
	if len(seeds) == 0 {
		return fmt.Errorf("no AMPLIFIED relationships: load a release first")
	}
	srv := httptest.NewServer(server.Handler(st, slog.New(slog.DiscardHandler)))
	defer srv.Close()

	direct := func(seed string) error {
		_, err := neo4j.ExecuteQuery(ctx, st.Driver(), store.AmplifiersCypher(), map[string]any{"seed": seed, "minTotal": 1, "order": "TOTAL", "desc": true, "skip": 0, "limit": 50},
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(st.Database()), neo4j.ExecuteQueryWithReadersRouting())
		return err
	}
	viaGraphQL := func(seed string) error {
		body, _ := json.Marshal(map[string]any{"query": gqlQuery, "variables": map[string]any{"seed": seed}})
		resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if bytes.Contains(out, []byte(`"errors"`)) {
			return fmt.Errorf("graphql: %s", out)
		}
		return nil
	}
	// Warm up both paths (query plans, JIT, connections), then interleave so
	// both see the same machine load.
	for i := 0; i < 20; i++ {
		if err := direct(seeds[i%len(seeds)]); err != nil {
			return err
		}
		if err := viaGraphQL(seeds[i%len(seeds)]); err != nil {
			return err
		}
	}
	var d, g []time.Duration
	for i := 0; i < *n; i++ {
		seed := seeds[i%len(seeds)]
		t0 := time.Now()
		if err := direct(seed); err != nil {
			return err
		}
		t1 := time.Now()
		if err := viaGraphQL(seed); err != nil {
			return err
		}
		d, g = append(d, t1.Sub(t0)), append(g, time.Since(t1))
	}
	p := func(xs []time.Duration, q float64) time.Duration {
		s := slices.Clone(xs)
		slices.Sort(s)
		return s[int(q*float64(len(s)-1))]
	}
	fmt.Printf("amplifiers(first: 50) over %d seeds with %d amplifiers in all, %d requests each\n", len(seeds), degree, *n)
	fmt.Printf("direct Cypher  p50 %8s  p99 %8s\n", p(d, .5).Round(10*time.Microsecond), p(d, .99).Round(10*time.Microsecond))
	fmt.Printf("GraphQL (HTTP) p50 %8s  p99 %8s\n", p(g, .5).Round(10*time.Microsecond), p(g, .99).Round(10*time.Microsecond))
	fmt.Printf("ratio GraphQL/direct  p50 %.2f  p99 %.2f  (target <= 1.2)\n",
		float64(p(g, .5))/float64(p(d, .5)), float64(p(g, .99))/float64(p(d, .99)))
	return nil
}
