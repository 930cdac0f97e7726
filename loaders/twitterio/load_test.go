package twitterio_test

import (
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/twitterio"
)

const (
	usersFile  = "testdata/hk_test_082019_1_users_csv_hashed.csv"
	tweetsFile = "testdata/hk_test_082019_1_tweets_csv_hashed.csv"
	realUsers  = "../../../shared/datasets/twitter-io/china_082019_1_users_csv_hashed.csv"
)

func target(t testing.TB) loaders.Target {
	return neo4jtest.DB(t)
}

func load(t *testing.T, st *store.Store, opts loaders.Options, files ...string) (*loaders.Summary, *loaders.Rejects, error) {
	t.Helper()
	rej, err := loaders.NewRejects(filepath.Join(t.TempDir(), "rejects.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sum, err := twitterio.Load(ctx, target(t), files, "", opts, rej)
	if cerr := rej.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	return sum, rej, err
}

func query[T neo4j.RecordValue](t *testing.T, st *store.Store, q string, params map[string]any, col string) []T {
	t.Helper()
	res, err := neo4jtest.DB(t).Query(context.Background(), q, params)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var out []T
	for _, r := range res.Records {
		v, _, err := neo4j.GetRecordValue[T](r, col)
		if err != nil {
			t.Fatalf("%s: column %s: %v", q, col, err)
		}
		out = append(out, v)
	}
	return out
}

// readCSV is the tests' own plain reader: it shares no code with the loader.
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestRealUsersFileLoadsEveryAccountAsWritten(t *testing.T) {
	if _, err := os.Stat(realUsers); err != nil {
		t.Skipf("real release not available beside the project (%v)", err)
	}
	st := neo4jtest.Fresh(t)
	sum, rej, err := load(t, st, loaders.Options{BatchSize: 100}, realUsers)
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, realUsers)
	if rej.Count() != 0 || sum.Files[0].Accepted.Load() != int64(len(rows)) || len(rows) != 744 {
		t.Fatalf("accepted %d of %d rows, %d rejected", sum.Files[0].Accepted.Load(), len(rows), rej.Count())
	}
	n := query[int64](t, st, `MATCH (a:Account)-[:IN_DATASET]->(:Dataset {name: 'china_082019_1'}) RETURN count(a) AS n`, nil, "n")
	if n[0] != 744 {
		t.Fatalf("%d accounts in the release, want 744", n[0])
	}
	hashed := 0
	for _, r := range rows {
		if strings.HasSuffix(r["userid"], "=") && r["userid"] == r["user_screen_name"] {
			hashed++
		}
	}
	got := query[int64](t, st, `MATCH (a:Account {hashed: true}) RETURN count(a) AS n`, nil, "n")
	if got[0] != int64(hashed) || hashed != 254 {
		t.Errorf("hashed accounts: graph %d, file %d (SOURCES.md says 254)", got[0], hashed)
	}
	// Every row, every column an analyst filters on, compared with the raw file.
	res, err := neo4jtest.DB(t).Query(context.Background(), `MATCH (a:Account {platform: 'twitter'}) RETURN a.id AS id, a.handle AS handle, a.name AS name, a.description AS description,
		        a.location AS location, a.followers AS followers, a.following AS following, toString(a.createdAt) AS created,
		        a.language AS language, a.handleLower AS lower`,
		nil)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, r := range res.Records {
		m := r.AsMap()
		byID[m["id"].(string)] = m
	}
	newlines := 0
	for _, r := range rows {
		a, ok := byID[r["userid"]]
		if !ok {
			t.Errorf("account %s missing", r["userid"])
			continue
		}
		followers, _ := strconv.ParseInt(r["follower_count"], 10, 64)
		following, _ := strconv.ParseInt(r["following_count"], 10, 64)
		for _, c := range []struct {
			name      string
			got, want any
		}{
			{"handle", a["handle"], r["user_screen_name"]},
			{"name", a["name"], r["user_display_name"]},
			{"description", a["description"], r["user_profile_description"]},
			{"location", a["location"], r["user_reported_location"]},
			{"followers", a["followers"], followers},
			{"following", a["following"], following},
			{"created", a["created"], r["account_creation_date"]},
			{"language", a["language"], strings.ToLower(r["account_language"])},
			{"handleLower", a["lower"], strings.ToLower(r["user_screen_name"])},
		} {
			if c.got != c.want {
				t.Errorf("account %s %s = %#v, file has %#v", r["userid"], c.name, c.got, c.want)
			}
		}
		if strings.Contains(r["user_profile_description"], "\n") {
			newlines++
		}
	}
	if newlines != 4 {
		t.Errorf("%d descriptions with newlines in the file, SOURCES.md says 4", newlines)
	}
}

// engagement is one amplification fact, computed from the raw tweets file.
type engagement struct {
	kind, from, to string
	latency        float64
	hasLatency     bool
}

func snowflake(id string) float64 {
	n, _ := strconv.ParseUint(id, 10, 64)
	return float64(int64(n>>22) + 1288834974657)
}

func TestCraftedReleaseAmplification(t *testing.T) {
	st := neo4jtest.Fresh(t)
	if _, rej, err := load(t, st, loaders.Options{BatchSize: 3}, usersFile, tweetsFile); err != nil || rej.Count() != 0 {
		t.Fatalf("load: %v, %d rejects: %v", err, rej.Count(), rej.First())
	}
	// Independent computation of AMPLIFIED from the raw rows.
	rows := readCSV(t, tweetsFile)
	author := map[string]string{}
	for _, r := range rows {
		author[r["tweetid"]] = r["userid"]
	}
	var facts []engagement
	for _, r := range rows {
		ms := snowflake(r["tweetid"])
		add := func(kind, to, target string) {
			if to == "" || to == r["userid"] {
				return
			}
			e := engagement{kind: kind, from: r["userid"], to: to}
			if target != "" {
				e.latency, e.hasLatency = (ms-snowflake(target))/1000, true
			}
			facts = append(facts, e)
		}
		if r["is_retweet"] == "True" {
			add("retweets", r["retweet_userid"], r["retweet_tweetid"])
		}
		if r["in_reply_to_tweetid"] != "" {
			add("replies", r["in_reply_to_userid"], r["in_reply_to_tweetid"])
		}
		if q := r["quoted_tweet_tweetid"]; q != "" {
			add("quotes", author[q], q)
		}
		for _, m := range strings.Split(strings.Trim(r["user_mentions"], "[]"), ",") {
			add("mentions", strings.Trim(strings.TrimSpace(m), "'"), "")
		}
	}
	type agg struct {
		counts    map[string]int64
		latencies []float64
	}
	want := map[[2]string]*agg{}
	for _, f := range facts {
		k := [2]string{"twitter:" + f.from, "twitter:" + f.to}
		if want[k] == nil {
			want[k] = &agg{counts: map[string]int64{}}
		}
		want[k].counts[f.kind]++
		if f.hasLatency {
			want[k].latencies = append(want[k].latencies, f.latency)
		}
	}
	res, err := neo4jtest.DB(t).Query(context.Background(), `MATCH (a:Account)-[x:AMPLIFIED]->(s:Account) RETURN a.uid AS a, s.uid AS s, x {.*} AS x`,
		nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != len(want) {
		t.Errorf("%d AMPLIFIED relationships, raw file implies %d", len(res.Records), len(want))
	}
	for _, r := range res.Records {
		m := r.AsMap()
		k := [2]string{m["a"].(string), m["s"].(string)}
		w, ok := want[k]
		if !ok {
			t.Errorf("unexpected AMPLIFIED %v", k)
			continue
		}
		x := m["x"].(map[string]any)
		var total int64
		for _, kind := range []string{"retweets", "replies", "quotes", "mentions"} {
			if x[kind] != w.counts[kind] {
				t.Errorf("%v %s = %v, want %d", k, kind, x[kind], w.counts[kind])
			}
			total += w.counts[kind]
		}
		if x["total"] != total {
			t.Errorf("%v total = %v, want %d", k, x["total"], total)
		}
		if len(w.latencies) == 0 {
			if x["minLatencySeconds"] != nil || x["medianLatencySeconds"] != nil {
				t.Errorf("%v has latencies %v/%v but only mentions", k, x["minLatencySeconds"], x["medianLatencySeconds"])
			}
			continue
		}
		sort.Float64s(w.latencies)
		median := w.latencies[len(w.latencies)/2]
		if len(w.latencies)%2 == 0 {
			median = (w.latencies[len(w.latencies)/2-1] + w.latencies[len(w.latencies)/2]) / 2
		}
		if got := x["minLatencySeconds"].(float64); math.Abs(got-w.latencies[0]) > 1e-9 {
			t.Errorf("%v min latency %v, want %v", k, got, w.latencies[0])
		}
		if got := x["medianLatencySeconds"].(float64); math.Abs(got-median) > 1e-9 {
			t.Errorf("%v median latency %v, want %v", k, got, median)
		}
	}
	// Spot checks that pin the hand-made file's intent.
	if got := query[float64](t, st, `MATCH (:Account {uid: $a})-[x:AMPLIFIED]->(:Account {uid: 'twitter:1001'}) RETURN x.minLatencySeconds AS v`,
		map[string]any{"a": "twitter:Qm90QW1wbGlmaWVyVHdvSGFzaGVkSWRlbnRpdHk="}, "v"); len(got) != 1 || got[0] != 2 {
		t.Errorf("A2 retweeted 1001 after 2.000 s; graph says %v", got)
	}
	if got := query[string](t, st, `MATCH (:Account {uid: 'twitter:5555'})-[:POSTED]->(o:Tweet) RETURN toString(o.timeMs) AS v`, nil, "v"); len(got) != 1 || got[0] != "1564617599500" {
		t.Errorf("original outside the release: %v (want its snowflake time 1564617599500)", got)
	}
	tags := query[string](t, st, `MATCH (h:Hashtag) RETURN h.tag AS tag ORDER BY tag`, nil, "tag")
	if !slices.Equal(tags, []string{"hk", "hongkong"}) {
		t.Errorf("hashtags %v, want case-folded [hk hongkong]", tags)
	}
	domains := query[string](t, st, `MATCH (:Url)-[:ON_DOMAIN]->(d:Domain) RETURN d.name AS d ORDER BY d`, nil, "d")
	if !slices.Equal(domains, []string{"example.com", "news.example.net"}) {
		t.Errorf("domains %v", domains)
	}
	clients := query[int64](t, st, `MATCH (a:Account {uid: 'twitter:Qm90QW1wbGlmaWVyT25lSGFzaGVkSWRlbnRpdHk='})-[u:USED_CLIENT]->(:Client {name: 'twittbot.net'}) RETURN u.posts AS n`, nil, "n")
	if !slices.Equal(clients, []int64{4}) {
		t.Errorf("A1 posted 4 times from twittbot.net; graph says %v", clients)
	}
	text := query[string](t, st, `MATCH (t:Tweet {id: '1156867185038065664'}) RETURN t.text AS text`, nil, "text")
	if len(text) != 1 || text[0] != "香港 暴徒, \"riots\" 🔥\n第二行" {
		t.Errorf("text with quotes, comma, emoji and newline came back as %q", text)
	}
	// Every node and relationship records the loads that asserted it.
	missing := query[int64](t, st, `MATCH (n) WHERE NOT n:Load AND NOT n:LoadBatch AND NOT n:Dataset AND size(coalesce(n.loads, [])) = 0 RETURN count(n) AS n`, nil, "n")
	missingRel := query[int64](t, st, `MATCH ()-[r]->() WHERE NOT type(r) = 'OF_DATASET' AND size(coalesce(r.loads, [])) = 0 RETURN count(r) AS n`, nil, "n")
	if missing[0] != 0 || missingRel[0] != 0 {
		t.Errorf("%d nodes and %d relationships without provenance", missing[0], missingRel[0])
	}
}

func TestReloadChangesNothing(t *testing.T) {
	st := neo4jtest.Fresh(t)
	if _, _, err := load(t, st, loaders.Options{BatchSize: 4}, usersFile, tweetsFile); err != nil {
		t.Fatal(err)
	}
	first := neo4jtest.Dump(t, st)
	sum, _, err := load(t, st, loaders.Options{BatchSize: 4}, usersFile, tweetsFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sum.Files {
		if !f.Skipped {
			t.Errorf("%s loaded again without --force", f.Entry.Label())
		}
	}
	// Forced, with a different batch size: every statement runs again.
	if _, _, err := load(t, st, loaders.Options{BatchSize: 3, Force: true}, tweetsFile, usersFile); err != nil {
		t.Fatal(err)
	}
	if d := neo4jtest.DiffDumps(first, neo4jtest.Dump(t, st)); d != "" {
		t.Fatalf("re-load changed the graph:\n%s", d)
	}
}

func TestKilledLoadResumesToTheSameGraph(t *testing.T) {
	st := neo4jtest.Fresh(t)
	if _, _, err := load(t, st, loaders.Options{BatchSize: 2}, usersFile, tweetsFile); err != nil {
		t.Fatal(err)
	}
	clean := neo4jtest.Dump(t, st)

	for _, killAfter := range []int{0, 2} {
		st = neo4jtest.Fresh(t)
		ctx, cancel := context.WithCancel(context.Background())
		rej, _ := loaders.NewRejects("")
		_, err := twitterio.Load(ctx, target(t), []string{usersFile, tweetsFile}, "", loaders.Options{
			BatchSize: 2, Workers: 1,
			AfterBatch: func(i int) {
				if i == killAfter {
					cancel()
				}
			},
		}, rej)
		cancel()
		if err == nil || !errors.Is(err, context.Canceled) {
			t.Fatalf("kill after batch %d: load returned %v, want cancellation", killAfter, err)
		}
		sum, _, err := load(t, st, loaders.Options{BatchSize: 2}, usersFile, tweetsFile)
		if err != nil {
			t.Fatal(err)
		}
		resumed := 0
		for _, f := range sum.Files {
			resumed += f.Resumed
		}
		if resumed == 0 {
			t.Errorf("kill after batch %d: nothing was resumed; the first attempt committed batches", killAfter)
		}
		if d := neo4jtest.DiffDumps(clean, neo4jtest.Dump(t, st)); d != "" {
			t.Fatalf("kill after batch %d, then resume: graph differs from a clean load:\n%s", killAfter, d)
		}
		markers := query[int64](t, st, `MATCH (b:LoadBatch) RETURN count(b) AS n`, nil, "n")
		if markers[0] != 0 {
			t.Errorf("%d resume markers left after a complete load", markers[0])
		}
	}
}

// A load killed while deriving the aggregates has committed every file, so
// running it again skips them all; it must still finish the derivation.
// The kill is reproduced by its effect: part of AMPLIFIED and USED_CLIENT
// missing, and no record of a complete derivation.
func TestLoadKilledWhileDerivingDerivesWhenRunAgain(t *testing.T) {
	st := neo4jtest.Fresh(t)
	if _, _, err := load(t, st, loaders.Options{BatchSize: 2}, usersFile, tweetsFile); err != nil {
		t.Fatal(err)
	}
	clean := neo4jtest.Dump(t, st)
	amplified := query[int64](t, st, `MATCH ()-[r:AMPLIFIED]->() RETURN count(r) AS n`, nil, "n")[0]
	if amplified < 2 {
		t.Fatalf("%d AMPLIFIED after a clean load: the test needs some to lose", amplified)
	}
	query[int64](t, st, `MATCH ()-[r:AMPLIFIED|USED_CLIENT]->() WITH r LIMIT 3 DELETE r RETURN count(*) AS n`, nil, "n")
	query[int64](t, st, `MATCH (d:Dataset) REMOVE d.derivedFor RETURN count(d) AS n`, nil, "n")

	sum, _, err := load(t, st, loaders.Options{BatchSize: 2}, usersFile, tweetsFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sum.Files {
		if !f.Skipped {
			t.Errorf("%s loaded again", f.Entry.Label())
		}
	}
	if len(sum.Derived) == 0 {
		t.Error("nothing derived again")
	}
	if d := neo4jtest.DiffDumps(clean, neo4jtest.Dump(t, st)); d != "" {
		t.Fatalf("after running the killed load again the graph differs from a clean load:\n%s", d)
	}
	// With the derivation recorded, a further run derives nothing.
	if sum, _, err = load(t, st, loaders.Options{BatchSize: 2}, usersFile, tweetsFile); err != nil || len(sum.Derived) != 0 {
		t.Errorf("a run with nothing to do derived %v (err %v)", sum.Derived, err)
	}
}

// The derivation locks no account (see amplified.cypher), so two
// derivations of one release at once could each create a pair's
// AMPLIFIED or USED_CLIENT. The next derivation must leave one of each.
func TestDerivationDeletesDuplicateAggregates(t *testing.T) {
	st := neo4jtest.Fresh(t)
	if _, _, err := load(t, st, loaders.Options{BatchSize: 2}, usersFile, tweetsFile); err != nil {
		t.Fatal(err)
	}
	clean := neo4jtest.Dump(t, st)
	dups := query[int64](t, st, `
		MATCH (a)-[r:AMPLIFIED|USED_CLIENT]->(b) WITH a, r, b LIMIT 4
		CALL (a, r, b) {
		  WITH a, r, b WHERE type(r) = 'AMPLIFIED'
		  CREATE (a)-[x:AMPLIFIED]->(b) SET x = properties(r), x.total = -1
		  UNION
		  WITH a, r, b WHERE type(r) = 'USED_CLIENT'
		  CREATE (a)-[x:USED_CLIENT]->(b) SET x = properties(r), x.posts = -1
		}
		RETURN count(*) AS n`, nil, "n")
	if dups[0] == 0 {
		t.Fatal("no aggregate to duplicate")
	}
	query[int64](t, st, `MATCH (d:Dataset) REMOVE d.derivedFor RETURN count(d) AS n`, nil, "n")
	if _, _, err := load(t, st, loaders.Options{BatchSize: 2, Workers: 3}, usersFile, tweetsFile); err != nil {
		t.Fatal(err)
	}
	if d := neo4jtest.DiffDumps(clean, neo4jtest.Dump(t, st)); d != "" {
		t.Fatalf("after %d duplicated aggregates and a derivation the graph differs from a clean load:\n%s", dups[0], d)
	}
}

// Batches of one row on four workers commit out of order: a tweet's batch
// may run before the batch that describes its author. The graph must not
// depend on that order.
func TestParallelLoadEqualsSerialLoad(t *testing.T) {
	st := neo4jtest.Fresh(t)
	if _, _, err := load(t, st, loaders.Options{BatchSize: 1, Workers: 1}, usersFile, tweetsFile); err != nil {
		t.Fatal(err)
	}
	serial := neo4jtest.Dump(t, st)
	for range 3 {
		st = neo4jtest.Fresh(t)
		if _, _, err := load(t, st, loaders.Options{BatchSize: 1, Workers: 4}, tweetsFile, usersFile); err != nil {
			t.Fatal(err)
		}
		if d := neo4jtest.DiffDumps(serial, neo4jtest.Dump(t, st)); d != "" {
			t.Fatalf("parallel load differs from serial load:\n%s", d)
		}
	}
}

// Later batches find the nodes earlier ones wrote by element id. A node
// deleted under a running load must fail the batch that links to it, with
// the statement named, rather than drop its links silently; and the batch's
// links transaction writes none of its links, not even those whose nodes
// are still there.
func TestNodeDeletedDuringLoadFailsTheBatchThatLinksIt(t *testing.T) {
	st := neo4jtest.Fresh(t)
	// Batch 0 holds the two seed tweets; batch 1 retweets both.
	const seed, other = "1156867185038065664", "1156874713297846272"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rej, _ := loaders.NewRejects("")
	_, err := twitterio.Load(ctx, target(t), []string{tweetsFile}, "", loaders.Options{
		BatchSize: 2, Workers: 1,
		AfterBatch: func(i int) {
			if i == 0 {
				query[int64](t, st, `MATCH (p:Post {id: $id}) DETACH DELETE p RETURN count(*) AS n`, map[string]any{"id": seed}, "n")
			}
		},
	}, rej)
	if err == nil {
		t.Fatal("the load linked to a deleted tweet without an error")
	}
	for _, want := range []string{"batch 1", "retweets", "found the nodes of 1 of 2 rows", "deleted"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	linked := query[int64](t, st, `MATCH (:Post)-[r:RETWEET_OF]->(:Post {id: $id}) RETURN count(r) AS n`, map[string]any{"id": other}, "n")
	if linked[0] != 0 {
		t.Errorf("%d retweets of the tweet still there were linked by the failed batch", linked[0])
	}
}

// A load killed (kill -9) between a batch's stages, or whose committed
// batch lost its marker, replays the batch on resume over nodes that
// already list the load, beside other batches that write the same nodes.
// Every node and relationship must still list the load once, and the graph
// must be a clean load's.
func TestReplayedBatchListsTheLoadOnce(t *testing.T) {
	st := neo4jtest.Fresh(t)
	if _, _, err := load(t, st, loaders.Options{BatchSize: 2}, usersFile, tweetsFile); err != nil {
		t.Fatal(err)
	}
	clean := neo4jtest.Dump(t, st)

	st = neo4jtest.Fresh(t)
	ctx, cancel := context.WithCancel(context.Background())
	rej, _ := loaders.NewRejects("")
	_, err := twitterio.Load(ctx, target(t), []string{tweetsFile}, "", loaders.Options{
		BatchSize: 2, Workers: 1, AfterBatch: func(i int) {
			if i == 3 {
				cancel()
			}
		},
	}, rej)
	cancel()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("kill after batch 3: %v", err)
	}
	if got := query[string](t, st, `MATCH (l:Load) RETURN l.status AS s`, nil, "s"); !slices.Equal(got, []string{"failed"}) {
		t.Errorf("an interrupted load's status is %v, want failed", got)
	}
	// Batches 1 and 2 committed; forget that they did, so both replay.
	if n := query[int64](t, st, `MATCH (b:LoadBatch) WHERE b.index IN [1, 2] DETACH DELETE b RETURN count(*) AS n`, nil, "n"); n[0] != 2 {
		t.Fatalf("%d markers of batches 1 and 2", n[0])
	}
	if _, _, err := load(t, st, loaders.Options{BatchSize: 2, Workers: 4}, usersFile, tweetsFile); err != nil {
		t.Fatal(err)
	}
	twice := query[int64](t, st, `
		CALL () { MATCH (n) WHERE n.loads IS NOT NULL RETURN n.loads AS loads
		          UNION ALL MATCH ()-[r]->() WHERE r.loads IS NOT NULL RETURN r.loads AS loads }
		WITH loads WHERE any(i IN range(0, size(loads) - 1) WHERE loads[i] IN loads[i + 1..])
		RETURN count(*) AS n`, nil, "n")
	if twice[0] != 0 {
		t.Errorf("%d nodes or relationships list a load twice", twice[0])
	}
	if d := neo4jtest.DiffDumps(clean, neo4jtest.Dump(t, st)); d != "" {
		t.Fatalf("after replayed batches the graph differs from a clean load:\n%s", d)
	}
	if got := query[string](t, st, `MATCH (l:Load) RETURN DISTINCT l.status AS s`, nil, "s"); !slices.Equal(got, []string{"complete"}) {
		t.Errorf("after the resume the loads are %v, want complete", got)
	}
}
