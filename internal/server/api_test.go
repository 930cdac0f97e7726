package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/golden"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/assets"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/twitterio"
)

// releaseServer serves the hand-made Twitter IO release of loaders/twitterio
// (two seeds, three amplifiers, an original outside the release).
func releaseServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv, _ := releaseFixture(t)
	return srv
}

// releaseFixture is releaseServer with the store behind it, for tests that
// also look at the graph directly.
func releaseFixture(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	st := neo4jtest.Fresh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rej, _ := loaders.NewRejects("")
	tgt := neo4jtest.DB(t)
	sum, err := twitterio.Load(ctx, tgt, []string{
		"../../loaders/twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv",
		"../../loaders/twitterio/testdata/hk_test_082019_1_tweets_csv_hashed.csv",
	}, "", loaders.Options{}, rej)
	if err == nil {
		err = links.AfterLoad(ctx, tgt, sum)
	}
	if err == nil { // a takedown list naming the seed's Facebook page and its group
		sum, err = assets.Load(ctx, tgt, []string{"testdata/hk_assets.csv"}, "", loaders.Options{}, rej)
	}
	if err == nil {
		err = links.AfterLoad(ctx, tgt, sum)
	}
	if err != nil || rej.Count() != 0 {
		t.Fatalf("load fixture: %v, %d rejects", err, rej.Count())
	}
	srv := httptest.NewServer(signedIn(t, st, model.RoleAdmin))
	t.Cleanup(srv.Close)
	return srv, st
}

func gql(t *testing.T, srv *httptest.Server, query string, vars map[string]any) []byte {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const accountFields = `id platform kind nativeId handle name description location profileUrl followers following createdAt hashed verified language`

const amplifiersQuery = `query($seed: ID!, $kinds: [EngagementKind!], $since: DateTime, $until: DateTime, $minTotal: Int, $orderBy: AmplifierOrder, $first: Int, $after: String) {
  amplifiers(seed: $seed, kinds: $kinds, since: $since, until: $until, minTotal: $minTotal, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { account { id handle hashed } retweets replies quotes mentions total firstAt lastAt minLatencySeconds medianLatencySeconds } }
  }
}`

const networkQuery = `query($seeds: [ID!]!, $hops: Int, $kinds: [EngagementKind!], $minWeight: Int, $since: DateTime, $until: DateTime, $limit: Int) {
  network(seeds: $seeds, hops: $hops, kinds: $kinds, minWeight: $minWeight, since: $since, until: $until, limit: $limit) {
    truncated nodes { id kind label platform properties } edges { id source target kind weight properties } } }`

// networkTableQuery is the workbench's drawing selection
// (web/src/ops/NetworkDrawing.graphql): the nodes and edges as columns.
const networkTableQuery = `query($seeds: [ID!]!, $hops: Int, $kinds: [EngagementKind!], $minWeight: Int, $since: DateTime, $until: DateTime, $limit: Int) {
  network(seeds: $seeds, hops: $hops, kinds: $kinds, minWeight: $minWeight, since: $since, until: $until, limit: $limit) {
    truncated nodeTable { id kind label platform properties } edgeTable { source target kind weight } } }`

const pathQuery = `query($from: ID!, $to: ID!, $kinds: [EngagementKind!], $maxHops: Int) {
  path(from: $from, to: $to, kinds: $kinds, maxHops: $maxHops) { nodes { id label properties } edges { id source target kind weight properties } } }`

const relatedQuery = `query($account: ID!) { relatedAssets(account: $account) {
  asset { id platform kind handle name } via evidence source confidence operation { id name source } } }`

const coordinationQuery = `query($input: CoordinationInput!) { coordination(input: $input) {
  shares edgeCount pairs weightThreshold fastWeightThreshold truncated modularity
  edges { a { id handle } b { id handle } weight pairs avgTimeDeltaSeconds contentOlder contentNewer symmetry aboveThreshold fast fastWeight fastAboveThreshold objectCount objects }
  accounts { account { id } degree flaggedDegree uniqueShares avgTimeDeltaSeconds avgEdgeSymmetry }
  objects(first: 5) { object shares accounts pairs pairAccounts fastPairs }
  components { id size accounts } communities { id size accounts }
  network { truncated nodes { id kind label platform properties } edges { id source target kind weight properties } } } }`

func TestAPIGolden(t *testing.T) {
	srv := releaseServer(t)
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
	}{
		{"account_by_id", `query($id: ID) { account(id: $id) { ` + accountFields + ` } }`, map[string]any{"id": "twitter:1001"}},
		{"account_by_handle", `{ account(handle: "@hkPOLITICALnew", platform: TWITTER) { id handle createdAt followers } }`, nil},
		{"account_nested", `{ account(id: "twitter:1001") { id datasets clients { name posts firstAt lastAt }
			amplifiedBy { account { id } retweets replies quotes mentions total minLatencySeconds }
			amplifies { account { id } total } } }`, nil},
		{"account_posts", `{ account(id: "twitter:1001") { posts { totalCount edges { node { id platform nativeId text language client time isRetweet likes retweets replies quotes hashtags urls } } } hashtags { tag posts } } }`, nil},
		{"account_posts_paged", `{ account(id: "twitter:Qm90QW1wbGlmaWVyT25lSGFzaGVkSWRlbnRpdHk=") {
			p1: posts(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id time } } }
			p2: posts(first: 2, after: "b2Zmc2V0OjE=") { totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor node { id time } } }
			window: posts(since: "2019-08-01T10:30:00Z", until: "2019-08-01T11:30:00Z") { totalCount edges { node { id time } } } } }`, nil},
		{"account_hashed", `{ account(id: "twitter:Qm90QW1wbGlmaWVyVGhyZWVIYXNoZWRJZGVudGl0eQ==") { ` + accountFields + ` } }`, nil},
		{"search_accounts", `{ searchAccounts(query: "news", first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id handle } } } }`, nil},
		{"amplifiers_default", amplifiersQuery, map[string]any{"seed": "twitter:1001"}},
		{"amplifiers_second_seed", amplifiersQuery, map[string]any{"seed": "twitter:1002"}},
		{"amplifiers_retweets_only", amplifiersQuery, map[string]any{"seed": "twitter:1001", "kinds": []string{"RETWEET"}}},
		{"amplifiers_time_range", amplifiersQuery, map[string]any{"seed": "twitter:1001", "since": "2019-08-01T10:00:10Z", "until": "2019-08-01T12:00:00Z"}},
		{"amplifiers_fastest_first", amplifiersQuery, map[string]any{"seed": "twitter:1001", "orderBy": map[string]any{"field": "MIN_LATENCY", "direction": "ASC"}}},
		{"amplifiers_min_total", amplifiersQuery, map[string]any{"seed": "twitter:1001", "minTotal": 2}},
		{"amplifiers_page_1", amplifiersQuery, map[string]any{"seed": "twitter:1001", "first": 1}},
		{"amplifiers_page_2", amplifiersQuery, map[string]any{"seed": "twitter:1001", "first": 1, "after": "b2Zmc2V0OjA="}},
		{"amplifiers_outside_original", amplifiersQuery, map[string]any{"seed": "twitter:5555"}},
		{"network_one_hop", networkQuery, map[string]any{"seeds": []string{"twitter:1001"}}},
		{"network_two_hops", networkQuery, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 2}},
		{"network_two_seeds_retweets", networkQuery, map[string]any{"seeds": []string{"twitter:1001", "twitter:1002"}, "kinds": []string{"RETWEET"}}},
		{"network_window", networkQuery, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 2, "since": "2019-08-01T10:00:10Z", "until": "2019-08-01T11:00:00Z"}},
		{"network_truncated", networkQuery, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 3, "limit": 2}},
		{"network_two_hops_table", networkTableQuery, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 2}},
		{"network_window_table", networkTableQuery, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 2, "since": "2019-08-01T10:00:10Z", "until": "2019-08-01T11:00:00Z"}},
		{"path_seed_to_seed", pathQuery, map[string]any{"from": "twitter:1001", "to": "twitter:1002"}},
		{"path_across_platforms", pathQuery, map[string]any{"from": "twitter:Qm90QW1wbGlmaWVyVHdvSGFzaGVkSWRlbnRpdHk=", "to": "facebook:@hkpoliticalnew"}},
		{"path_none_with_mentions_only", pathQuery, map[string]any{"from": "twitter:Qm90QW1wbGlmaWVyVHdvSGFzaGVkSWRlbnRpdHk=", "to": "twitter:1002", "kinds": []string{"MENTION"}}},
		{"timeline_accounts_hourly", `{ timeline(accounts: ["twitter:Qm90QW1wbGlmaWVyT25lSGFzaGVkSWRlbnRpdHk=", "twitter:1001"], bucket: HOUR) { start posts } }`, nil},
		{"timeline_hashtag_daily", `{ timeline(hashtag: "#HK", bucket: DAY) { start posts } }`, nil},
		{"timeline_accounts_and_hashtag_weekly", `{ timeline(accounts: ["twitter:1002"], hashtag: "hk", bucket: WEEK, since: "2019-07-01T00:00:00Z") { start posts } }`, nil},
		{"creation_batches", `{ creationBatches(dataset: "hk_test_082019_1", minAccounts: 2) { date count accounts { id createdAt } } }`, nil},
		{"clients", `{ clients { name accounts posts } }`, nil},
		{"hashtags_global", `{ hashtags { value posts accounts } }`, nil},
		{"hashtags_in_dataset", `{ hashtags(dataset: "hk_test_082019_1") { value posts accounts } }`, nil},
		{"domains", `{ domains(first: 10) { value posts accounts } }`, nil},
		{"datasets", `{ datasets { name kind synthetic accounts loads { kind entry sha256 status rows accepted rejected } } }`, nil},
		{"related_assets_of_seed", relatedQuery, map[string]any{"account": "twitter:1001"}},
		{"related_assets_of_page", relatedQuery, map[string]any{"account": "facebook:@hkpoliticalnew"}},
		{"account_related_assets", `{ account(id: "twitter:1001") { id relatedAssets { asset { id platform kind } via evidence source confidence operation { id } } } }`, nil},
		{"related_assets_all_evidence", `query($account: ID!) { relatedAssets(account: $account) { asset { id } via confidence
			allEvidence { via evidence source confidence alias assetAlias operation { id } } } }`, map[string]any{"account": "facebook:@hkpoliticalnew"}},
		{"account_handles", `{ account(handle: "HKpoliticalnew", platform: TWITTER) { id handleHistory { handle platform source dataset evidence asOf }
			aliases { account { id } } sameAs { account { id } } } }`, nil},
		{"handle_holders", `{ handleHolders(handle: "@hkpoliticalnew") { account { id platform }
			observations { handle platform source dataset evidence asOf } aliases { id } } }`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := gql(t, srv, tc.query, tc.vars)
			if bytes.Contains(got, []byte(`"errors"`)) {
				t.Fatalf("errors: %s", got)
			}
			golden.JSON(t, tc.name, got)
		})
	}
}

// The aggregates kept at load time and the tweet-level recomputation must
// agree: a time range wide enough to hold everything gives the same answer.
func TestAmplifiersAggregateEqualsRecomputed(t *testing.T) {
	srv := releaseServer(t)
	for _, seed := range []string{"twitter:1001", "twitter:1002", "twitter:5555"} {
		agg := gql(t, srv, amplifiersQuery, map[string]any{"seed": seed})
		rec := gql(t, srv, amplifiersQuery, map[string]any{"seed": seed, "since": "2000-01-01T00:00:00Z"})
		if !bytes.Equal(agg, rec) {
			t.Errorf("seed %s: aggregate %s\nrecomputed %s", seed, agg, rec)
		}
	}
	// The network's two ways of growing a hop (aggregates; engagements in a
	// window) pick the same accounts in the same order and draw the same
	// edges, under a cap that cuts and without one.
	for _, limit := range []int{3, 500} {
		for hops := 1; hops <= 3; hops++ {
			vars := map[string]any{"seeds": []string{"twitter:1001"}, "hops": hops, "limit": limit}
			agg := gql(t, srv, networkQuery, vars)
			vars["since"] = "2000-01-01T00:00:00Z"
			rec := gql(t, srv, networkQuery, vars)
			if !bytes.Equal(agg, rec) {
				t.Errorf("network hops %d limit %d: aggregate %s\nrecomputed %s", hops, limit, agg, rec)
			}
		}
	}
}

func TestAPIBadArguments(t *testing.T) {
	srv := releaseServer(t)
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		code, msg   string
	}{
		{"unknown id", `{ account(id: "twitter:404") { id } }`, nil, "NOT_FOUND", `no account with id "twitter:404"`},
		{"unknown handle", `{ account(handle: "nobody_here") { id } }`, nil, "NOT_FOUND", `no account with handle "nobody_here"`},
		{"no id nor handle", `{ account { id } }`, nil, "BAD_INPUT", "give an id or a handle"},
		{"id and handle", `{ account(id: "twitter:1001", handle: "x") { id } }`, nil, "BAD_INPUT", "not both"},
		{"bad platform", `{ account(handle: "x", platform: MYSPACE) { id } }`, nil, "GRAPHQL_VALIDATION_FAILED", "MYSPACE"},
		{"first negative", `{ searchAccounts(query: "news", first: -1) { totalCount } }`, nil, "BAD_INPUT", "first must be between 1 and 100, got -1"},
		{"first too large", `{ amplifiers(seed: "twitter:1001", first: 501) { totalCount } }`, nil, "BAD_INPUT", "first must be between 1 and 500, got 501"},
		{"first far too large", amplifiersQuery, map[string]any{"seed": "twitter:1001", "first": 100000}, "LIMIT_EXCEEDED", "exceeds the limit of 20000"},
		{"bad cursor", amplifiersQuery, map[string]any{"seed": "twitter:1001", "after": "nope"}, "BAD_INPUT", "not a cursor"},
		{"reversed time range", amplifiersQuery, map[string]any{"seed": "twitter:1001", "since": "2019-08-02T00:00:00Z", "until": "2019-08-01T00:00:00Z"}, "BAD_INPUT", "must be before until"},
		{"unknown seed", amplifiersQuery, map[string]any{"seed": "twitter:404"}, "NOT_FOUND", "no account with id"},
		{"negative minTotal", amplifiersQuery, map[string]any{"seed": "twitter:1001", "minTotal": -3}, "BAD_INPUT", "minTotal"},
		{"empty kinds", amplifiersQuery, map[string]any{"seed": "twitter:1001", "kinds": []string{}}, "BAD_INPUT", "kinds is empty"},
		{"bad time", amplifiersQuery, map[string]any{"seed": "twitter:1001", "since": "yesterday"}, "BAD_INPUT", `"yesterday" is not an RFC 3339 time`},
		{"search prefix too short", `{ searchAccounts(query: "n*") { totalCount } }`, nil, "BAD_INPUT", "a prefix search needs at least 3 characters before the *"},
		{"search too long", `query($q: String!) { searchAccounts(query: $q) { totalCount } }`, map[string]any{"q": strings.Repeat("news ", 41)}, "BAD_INPUT", "the search text has 205 characters; at most 200"},
		{"search too many terms", `{ searchAccounts(query: "a b c d e f g h i j k") { totalCount } }`, nil, "BAD_INPUT", "the search has more than 10 words and phrases"},
		{"ambiguous handle", `{ account(handle: "HKpoliticalnew") { id } }`, nil, "BAD_INPUT", "matches 2 accounts (facebook:@hkpoliticalnew, twitter:1001); give platform"},
		{"hops 50", networkQuery, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 50}, "LIMIT_EXCEEDED", "hops must be at most 3, got 50"},
		{"hops 0", networkQuery, map[string]any{"seeds": []string{"twitter:1001"}, "hops": 0}, "BAD_INPUT", "hops must be at least 1"},
		{"no seeds", networkQuery, map[string]any{"seeds": []string{}}, "BAD_INPUT", "seeds must list 1 to 100"},
		{"network limit 0", networkQuery, map[string]any{"seeds": []string{"twitter:1001"}, "limit": 0}, "BAD_INPUT", "limit must be between 1 and 5000"},
		{"network unknown seed", networkQuery, map[string]any{"seeds": []string{"twitter:1001", "twitter:404"}}, "NOT_FOUND", `no account with id "twitter:404"`},
		{"network reversed window", networkQuery, map[string]any{"seeds": []string{"twitter:1001"}, "since": "2019-09-01T00:00:00Z", "until": "2019-08-01T00:00:00Z"}, "BAD_INPUT", "must be before until"},
		{"path too long", pathQuery, map[string]any{"from": "twitter:1001", "to": "twitter:1002", "maxHops": 50}, "LIMIT_EXCEEDED", "maxHops must be at most 6"},
		{"path to itself", pathQuery, map[string]any{"from": "twitter:1001", "to": "twitter:1001"}, "BAD_INPUT", "the same account"},
		{"path unknown end", pathQuery, map[string]any{"from": "twitter:1001", "to": "twitter:404"}, "NOT_FOUND", "twitter:404"},
		{"timeline without subject", `{ timeline(bucket: DAY) { posts } }`, nil, "BAD_INPUT", "give accounts, a hashtag, or both"},
		{"timeline reversed", `{ timeline(hashtag: "hk", bucket: DAY, since: "2019-09-01T00:00:00Z", until: "2019-08-01T00:00:00Z") { posts } }`, nil, "BAD_INPUT", "must be before until"},
		{"timeline bad bucket", `{ timeline(hashtag: "hk", bucket: MINUTE) { posts } }`, nil, "GRAPHQL_VALIDATION_FAILED", "MINUTE"},
		{"batch of one", `{ creationBatches(minAccounts: 1) { count } }`, nil, "BAD_INPUT", "minAccounts must be at least 2"},
		{"pivot first 0", `{ hashtags(first: 0) { value } }`, nil, "BAD_INPUT", "first must be between 1 and 500, got 0"},
		{"nested first too large", `{ account(id: "twitter:1001") { amplifiedBy(first: 1000) { total } } }`, nil, "BAD_INPUT", "first must be between 1 and 100, got 1000"},
		{"posts first 0", `{ account(id: "twitter:1001") { posts(first: 0) { totalCount } } }`, nil, "BAD_INPUT", "first must be between 1 and 100, got 0"},
		{"related of unknown", relatedQuery, map[string]any{"account": "facebook:404"}, "NOT_FOUND", "no account with id"},
		{"too complex", `{ a: amplifiers(seed: "twitter:1001", first: 500) { edges { node { account { id handle name description location } total firstAt } } }
		                   b: amplifiers(seed: "twitter:1002", first: 500) { edges { node { account { id handle name description location } total firstAt } } }
		                   c: amplifiers(seed: "twitter:1001", first: 500) { edges { node { account { id handle name description location } total firstAt } } }
		                   d: amplifiers(seed: "twitter:1002", first: 500) { edges { node { account { id handle name description location } total firstAt } } } }`, nil, "LIMIT_EXCEEDED", "exceeds the limit of 20000"},
		{"coordination window 0", coordinationQuery, map[string]any{"input": map[string]any{"signal": "RETWEET", "timeWindow": 0}}, "BAD_INPUT", "timeWindow must be between 1 and 604800 seconds, got 0"},
		{"coordination bad signal", coordinationQuery, map[string]any{"input": map[string]any{"signal": "LIKES"}}, "GRAPHQL_VALIDATION_FAILED", "LIKES"},
		{"coordination quantile", coordinationQuery, map[string]any{"input": map[string]any{"signal": "URL", "edgeWeight": 2}}, "BAD_INPUT", "edge weight quantile must be between 0 and 1"},
		{"coordination fast window", coordinationQuery, map[string]any{"input": map[string]any{"signal": "URL", "timeWindow": 10, "fastWindow": 60}}, "BAD_INPUT", "fastWindow must be between 1 and timeWindow (10)"},
		{"coordination limit", coordinationQuery, map[string]any{"input": map[string]any{"signal": "URL", "limit": 0}}, "BAD_INPUT", "limit must be between 1 and 20000"},
		{"coordination unknown dataset", coordinationQuery, map[string]any{"input": map[string]any{"signal": "URL", "dataset": "nope"}}, "NOT_FOUND", `no dataset named "nope"`},
		{"coordination unknown seed", coordinationQuery, map[string]any{"input": map[string]any{"signal": "URL", "seeds": []string{"twitter:404"}}}, "NOT_FOUND", `no account with id "twitter:404"`},
		{"coordination reversed", coordinationQuery, map[string]any{"input": map[string]any{"signal": "URL", "since": "2019-09-01T00:00:00Z", "until": "2019-08-01T00:00:00Z"}}, "BAD_INPUT", "must be before until"},
		{"coordination participation", coordinationQuery, map[string]any{"input": map[string]any{"signal": "URL", "minParticipation": 0}}, "BAD_INPUT", "minParticipation must be at least 1"},
		{"coordination objects first", `{ coordination(input: {signal: URL}) { objects(first: 0) { object } } }`, nil, "BAD_INPUT", "first must be between 1 and 1000, got 0"},
		{"empty search", `{ searchAccounts(query: "  ") { totalCount } }`, nil, "BAD_INPUT", "query is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := gql(t, srv, tc.query, tc.vars)
			var resp struct {
				Errors []struct {
					Message    string
					Path       []any
					Extensions map[string]any
				}
			}
			if err := json.Unmarshal(got, &resp); err != nil || len(resp.Errors) == 0 {
				t.Fatalf("want an error, got %s", got)
			}
			e := resp.Errors[0]
			if e.Extensions["code"] != tc.code || !strings.Contains(e.Message, tc.msg) {
				t.Fatalf("error %+v, want code %s and message containing %q", e, tc.code, tc.msg)
			}
			if tc.code != "GRAPHQL_VALIDATION_FAILED" && tc.code != "LIMIT_EXCEEDED" && len(e.Path) == 0 {
				t.Errorf("error has no GraphQL path: %s", got)
			}
			if bytes.Contains(got, []byte("goroutine")) || bytes.Contains(got, []byte("Neo.ClientError")) {
				t.Errorf("internals leak: %s", got)
			}
		})
	}
}

// GraphiQL's introspection query nests ofType deeply; the depth limit must
// not break the Playground.
func TestIntrospectionPassesTheLimits(t *testing.T) {
	srv := releaseServer(t)
	q := `{ __schema { types { name fields { name args { name type { ...T } } type { ...T } } } } }
	fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }`
	got := gql(t, srv, q, nil)
	var resp struct{ Errors []any }
	if err := json.Unmarshal(got, &resp); err != nil || len(resp.Errors) > 0 || !bytes.Contains(got, []byte(`"amplifiers"`)) {
		t.Fatalf("introspection failed: %v %v", err, resp.Errors)
	}
}
