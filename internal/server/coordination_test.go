package server_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/golden"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
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
	tgt := neo4jtest.DB(t)
	sum, err := shares.Load(ctx, tgt, []string{loadertest.Demo + "/coortweet/russian_coord_tweets.csv.gz"}, "", loaders.Options{}, rej)
	if err == nil {
		err = links.AfterLoad(ctx, tgt, sum)
	}
	if err != nil || rej.Count() != 0 {
		t.Fatalf("load fixture: %v, %d rejects", err, rej.Count())
	}
	srv := httptest.NewServer(signedIn(t, st, model.RoleAdmin))
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
	// A coordination network exports like any other: same edges in GraphML as in the answer.
	const coordDoc = `{ coordination(input: {signal: RETWEET, dataset: "russian_coord_tweets", limit: 25}) {
		network { nodes { id kind label platform properties } edges { id source target kind weight properties } } } }`
	net := ok(t, srv, coordDoc, nil)["coordination"].(map[string]any)["network"].(map[string]any)
	hr, body := get(t, srv, "/export/graphml", url.Values{"query": {coordDoc}})
	if hr.StatusCode != 200 {
		t.Fatalf("export: %d %s", hr.StatusCode, body)
	}
	if got := parsers["graphml"](t, body); len(got.edges) != 25 || len(got.edges) != len(net["edges"].([]any)) || len(got.nodes) != len(net["nodes"].([]any)) {
		t.Fatalf("GraphML has %d nodes and %d edges; the answer %d and %d", len(got.nodes), len(got.edges), len(net["nodes"].([]any)), len(net["edges"].([]any)))
	}
	if !strings.Contains(string(body), `directed="false"`) {
		t.Error("coordination edges are not undirected in GraphML")
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

// A saved run opens again as it was computed, from a new server (nothing is
// kept in the process) and after its data is loaded again; it says when the
// data it read has changed.
func TestSavedCoordinationSurvivesRestartAndReload(t *testing.T) {
	st := neo4jtest.Fresh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tgt := neo4jtest.DB(t)
	load := func(files ...string) {
		t.Helper()
		rej, _ := loaders.NewRejects("")
		sum, err := shares.Load(ctx, tgt, files, "russian_coord_tweets", loaders.Options{}, rej)
		if err == nil {
			err = links.AfterLoad(ctx, tgt, sum)
		}
		if err != nil || rej.Count() != 0 {
			t.Fatalf("load %v: %v, %d rejects", files, err, rej.Count())
		}
	}
	russian := loadertest.Demo + "/coortweet/russian_coord_tweets.csv.gz"
	load(russian)
	serve := func() *httptest.Server {
		srv := httptest.NewServer(signedIn(t, st, model.RoleAdmin))
		t.Cleanup(srv.Close)
		return srv
	}
	type run struct {
		ID          string
		Name        string
		Input       map[string]any
		DataChanged bool
		Result      json.RawMessage
	}
	var saved struct {
		Errors []any
		Data   struct{ SaveCoordination run }
	}
	const fields = `id name input dataChanged result { edgeCount weightThreshold edges { a { id } b { id } weight contentOlder contentNewer } components { size } }`
	body := gql(t, serve(), `mutation { saveCoordination(name: " Navalny co-retweets, 60 s ", input: {signal: RETWEET, dataset: "russian_coord_tweets", limit: 50}) { `+fields+` } }`, nil)
	if err := json.Unmarshal(body, &saved); err != nil || len(saved.Errors) > 0 || saved.Data.SaveCoordination.ID == "" {
		t.Fatalf("save: %v %s", err, body)
	}
	first := saved.Data.SaveCoordination
	if first.Name != "Navalny co-retweets, 60 s" || first.DataChanged || first.Input["dataset"] != "russian_coord_tweets" || first.Input["limit"] != float64(50) {
		t.Fatalf("saved run: %s", body)
	}
	open := func(srv *httptest.Server) run {
		t.Helper()
		var got struct {
			Errors []any
			Data   struct{ SavedCoordination run }
		}
		body := gql(t, srv, `query($id: ID!) { savedCoordination(id: $id) { `+fields+` } }`, map[string]any{"id": first.ID})
		if err := json.Unmarshal(body, &got); err != nil || len(got.Errors) > 0 {
			t.Fatalf("open: %v %s", err, body)
		}
		return got.Data.SavedCoordination
	}
	if again := open(serve()); string(again.Result) != string(first.Result) || again.DataChanged {
		t.Fatalf("a new server opens a different run:\n%s\nwant\n%s", again.Result, first.Result)
	}
	// The run is linked to the accounts it found.
	if n := loadertest.Int(t, st, `MATCH (:CoordinationRun {id: $id})-[:FOUND]->(a:Account) RETURN count(a) AS n`, map[string]any{"id": first.ID}); n == 0 {
		t.Fatal("the run is linked to no account")
	}
	// Loading the same file again changes nothing the run depends on.
	load(russian)
	if again := open(serve()); string(again.Result) != string(first.Result) || again.DataChanged {
		t.Fatalf("after a re-load: changed=%v\n%s", again.DataChanged, again.Result)
	}
	if n := loadertest.Int(t, st, `MATCH (:CoordinationRun {id: $id})-[:FOUND]->(a:Account) RETURN count(a) AS n`, map[string]any{"id": first.ID}); n == 0 {
		t.Fatal("a re-load cut the run's links")
	}
	// A new file in the dataset: the saved result stays, flagged as out of date.
	extra := loadertest.WriteFile(t, "more_shares.csv", "object_id,account_id,content_id,timestamp_share\no1,acc1,c1,1613050999\no1,acc2,c2,1613051000\n")
	load(extra)
	if again := open(serve()); string(again.Result) != string(first.Result) || !again.DataChanged {
		t.Fatalf("after a new file: changed=%v", again.DataChanged)
	}
	var list struct {
		Data struct{ SavedCoordinations []run }
	}
	body = gql(t, serve(), `{ savedCoordinations { id name result { edgeCount } } }`, nil)
	if err := json.Unmarshal(body, &list); err != nil || len(list.Data.SavedCoordinations) != 1 ||
		list.Data.SavedCoordinations[0].ID != first.ID || string(list.Data.SavedCoordinations[0].Result) != "null" {
		t.Fatalf("list: %v %s", err, body)
	}
	for _, bad := range []struct{ query, code, msg string }{
		{`{ savedCoordination(id: "coordination:404") { id } }`, "NOT_FOUND", `no saved coordination run with id "coordination:404"`},
		{`mutation { saveCoordination(name: "  ", input: {signal: URL}) { id } }`, "BAD_INPUT", "name must be 1 to 200 characters"},
		{`mutation { saveCoordination(name: "x", input: {signal: URL, timeWindow: -1}) { id } }`, "BAD_INPUT", "timeWindow must be between"},
	} {
		var resp struct {
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		body := gql(t, serve(), bad.query, nil)
		if err := json.Unmarshal(body, &resp); err != nil || len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != bad.code ||
			!strings.Contains(resp.Errors[0].Message, bad.msg) {
			t.Errorf("%s: %s", bad.query, body)
		}
	}
	// Refused saves wrote nothing.
	if n := loadertest.Int(t, st, `MATCH (r:CoordinationRun) RETURN count(r) AS n`, nil); n != 1 {
		t.Fatalf("%d runs saved, want 1", n)
	}
}
