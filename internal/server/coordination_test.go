package server_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/golden"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/loadertest"
	"github.com/iograph/iograph/loaders/shares"
)

// coordinationServer serves the real Russian co-retweet set of CooRTweet.
func coordinationServer(t *testing.T) *httptest.Server {
	t.Helper()
	st := neo4jtest.Fresh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rej, _ := loaders.NewRejects("")
	tgt := loaders.Target{Driver: st.Driver(), Database: st.Database()}
	sum, err := shares.Load(ctx, tgt, []string{loadertest.Demo + "/coortweet/russian_coord_tweets.csv.gz"}, "", loaders.Options{}, rej)
	if err == nil {
		err = links.AfterLoad(ctx, tgt, sum)
	}
	if err != nil || rej.Count() != 0 {
		t.Fatalf("load fixture: %v, %d rejects", err, rej.Count())
	}
	srv := httptest.NewServer(server.Handler(st, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv
}

func TestCoordinationGolden(t *testing.T) {
	srv := coordinationServer(t)
	const ds = "russian_coord_tweets"
	for _, tc := range []struct {
		name  string
		input map[string]any
	}{
		{"coordination_russian_60s_top10", map[string]any{"signal": "RETWEET", "dataset": ds, "limit": 10}},
		{"coordination_russian_fast_flagged", map[string]any{"signal": "RETWEET", "dataset": ds, "timeWindow": 600, "fastWindow": 10,
			"minParticipation": 3, "edgeWeight": 0.99, "flaggedOnly": true, "limit": 10}},
		{"coordination_russian_native", map[string]any{"signal": "RETWEET", "dataset": ds, "timeWindow": 600, "mode": "NATIVE", "limit": 10}},
		{"coordination_russian_seed", map[string]any{"signal": "RETWEET", "dataset": ds,
			"seeds": []string{"twitter:russian_coord_tweets/0b0d4631d5e2804e52ac742fa46bd6ae",
				"twitter:russian_coord_tweets/1abf067823b21e44be63c50068e72b73"}}},
		{"coordination_russian_window", map[string]any{"signal": "RETWEET", "dataset": ds, "since": "2021-01-31T00:00:00Z",
			"until": "2021-02-01T00:00:00Z", "limit": 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := gql(t, srv, coordinationQuery, map[string]any{"input": tc.input})
			var resp struct {
				Errors []any
				Data   struct{ Coordination struct{ EdgeCount int } }
			}
			if err := json.Unmarshal(got, &resp); err != nil || len(resp.Errors) > 0 {
				t.Fatalf("%v %s", err, got)
			}
			if resp.Data.Coordination.EdgeCount == 0 {
				t.Fatalf("no edges: the case tests nothing: %s", got)
			}
			golden.JSON(t, tc.name, got)
		})
	}
	// The run names its parameters and the data it read, to cite or re-run it.
	got := gql(t, srv, `{ coordination(input: {signal: RETWEET, dataset: "russian_coord_tweets", timeWindow: 30}) { parameters } }`, nil)
	var resp struct {
		Data struct {
			Coordination struct {
				Parameters struct {
					Signal            string
					TimeWindowSeconds int
					MinParticipation  int
					Mode              string
					Data              []struct{ Dataset, Load, Sha256, Status string }
				}
			}
		}
	}
	if err := json.Unmarshal(got, &resp); err != nil {
		t.Fatal(err)
	}
	p := resp.Data.Coordination.Parameters
	if p.Signal != "RETWEET" || p.TimeWindowSeconds != 30 || p.MinParticipation != 2 || p.Mode != "coortweet" ||
		len(p.Data) != 1 || p.Data[0].Dataset != "russian_coord_tweets" || len(p.Data[0].Sha256) != 64 || p.Data[0].Status != "complete" {
		t.Fatalf("parameters do not describe the run: %s", got)
	}
}
