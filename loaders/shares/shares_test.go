package shares_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/loadertest"
	"github.com/iograph/iograph/loaders/shares"
)

const (
	russian = loadertest.Demo + "/coortweet/russian_coord_tweets.csv.gz"
	german  = loadertest.Demo + "/coortweet/german_elections.csv.gz"
)

func distinct(rows []map[string]string, key func(map[string]string) string) int64 {
	seen := map[string]bool{}
	for _, r := range rows {
		if k := key(r); k != "" {
			seen[k] = true
		}
	}
	return int64(len(seen))
}

func TestRussianRetweetsLoadAsWritten(t *testing.T) {
	st := neo4jtest.Fresh(t)
	sum, rej, err := loadertest.Load(t, st, shares.Load, "", loaders.Options{BatchSize: 5000}, russian)
	if err != nil || rej.Count() != 0 {
		t.Fatalf("load: %v, %d rejects %v", err, rej.Count(), rej.First())
	}
	rows := loadertest.ReadCSV(t, russian)
	if len(rows) != 35125 || sum.Files[0].Accepted.Load() != 35125 {
		t.Fatalf("file has %d rows, loader accepted %d", len(rows), sum.Files[0].Accepted.Load())
	}
	ds := map[string]any{"ds": "russian_coord_tweets"}
	for _, c := range []struct {
		name  string
		query string
		want  int64
	}{
		{"accounts", `MATCH (a:Account)-[:IN_DATASET]->(:Dataset {name: $ds}) RETURN count(a) AS n`,
			distinct(rows, func(r map[string]string) string { return r["account_id"] })},
		{"shares (distinct content ids)", `MATCH (:Account)-[:IN_DATASET]->(:Dataset {name: $ds}) WITH count(*) AS x MATCH (:Account {platform: 'twitter'})-[:POSTED]->(p:Post) WHERE p.uid STARTS WITH 'twitter:russian_coord_tweets/' RETURN count(p) AS n`,
			distinct(rows, func(r map[string]string) string { return r["content_id"] })},
		{"reshare links (distinct content, object)", `MATCH (p:Post)-[:RETWEET_OF]->(o:Post) WHERE p.uid STARTS WITH 'twitter:russian_coord_tweets/' RETURN count(*) AS n`,
			distinct(rows, func(r map[string]string) string { return r["content_id"] + ">" + r["object_id"] })},
		{"objects", `MATCH (o:Post)<-[:RETWEET_OF]-() RETURN count(DISTINCT o) AS n`,
			distinct(rows, func(r map[string]string) string { return r["object_id"] })},
	} {
		if got := loadertest.Int(t, st, c.query, ds); got != c.want {
			t.Errorf("%s: graph %d, file %d", c.name, got, c.want)
		}
	}
	if rows := distinct(rows, func(r map[string]string) string { return r["account_id"] }); rows != 9509 {
		t.Errorf("SOURCES.md says 9,509 accounts; the file has %d", rows)
	}
	// A sampled row, value for value: its time is the file's seconds, exactly.
	r := rows[1234]
	got := loadertest.Records(t, st, `MATCH (a:Account)-[:POSTED]->(p:Post {uid: $p})-[:RETWEET_OF]->(o:Post) RETURN a.id AS account, p.timeMs AS ms, o.id AS object`,
		map[string]any{"p": "twitter:russian_coord_tweets/" + r["content_id"]})
	if len(got) == 0 || got[0]["account"] != r["account_id"] || got[0]["ms"] != mustSeconds(t, r["timestamp_share"])*1000 {
		t.Errorf("row 1235 %v came back as %v", r, got)
	}
}

func mustSeconds(t *testing.T, s string) int64 {
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("bad seconds %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

func TestGermanElectionsMultiObjectLoadAsWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("219k rows")
	}
	st := neo4jtest.Fresh(t)
	sum, rej, err := loadertest.Load(t, st, shares.Load, "", loaders.Options{BatchSize: 5000}, german)
	rows := loadertest.ReadCSV(t, german)
	var good []map[string]string
	for _, r := range rows {
		if r["post_id"] != "" {
			good = append(good, r)
		}
	}
	// Three real rows have no post id: they cannot be placed and are rejected, naming the field.
	if err != nil || rej.Count() != len(rows)-len(good) || rej.Count() != 3 {
		t.Fatalf("load: %v; %d rejects (file has %d rows without post_id)", err, rej.Count(), len(rows)-len(good))
	}
	for _, r := range rej.First() {
		if r.Column != "post_id" || r.Line < 2 || !strings.Contains(r.File, "german_elections") {
			t.Errorf("reject %v does not name file, line and field", r)
		}
	}
	if sum.Files[0].Accepted.Load() != int64Len(good) {
		t.Errorf("accepted %d of %d good rows", sum.Files[0].Accepted.Load(), len(good))
	}
	ds := map[string]any{"ds": "german_elections"}
	post := func(r map[string]string) string { return r["account_id"][:2] + "/" + r["post_id"] }
	for _, c := range []struct {
		name, query string
		want        int64
	}{
		{"accounts", `MATCH (a:Account)-[:IN_DATASET]->(:Dataset {name: $ds}) RETURN count(a) AS n`,
			distinct(good, func(r map[string]string) string { return r["account_id"] })},
		{"facebook accounts", `MATCH (a:Account {platform: 'facebook'})-[:IN_DATASET]->(:Dataset {name: $ds}) RETURN count(a) AS n`,
			distinct(good, func(r map[string]string) string {
				if strings.HasPrefix(r["account_id"], "fb_") {
					return r["account_id"]
				}
				return ""
			})},
		{"posts", `MATCH (:Account)-[:IN_DATASET]->(:Dataset {name: $ds}) WITH DISTINCT 1 AS x MATCH (p:Post) WHERE p.uid CONTAINS ':german_elections/' RETURN count(p) AS n`,
			distinct(good, post)},
		{"url links", `MATCH (p:Post)-[:LINKS]->(u:Url) WHERE u.url STARTS WITH 'anon:german_elections/' RETURN count(*) AS n`,
			distinct(good, func(r map[string]string) string {
				if r["url_id"] == "" {
					return ""
				}
				return post(r) + ">" + r["url_id"]
			})},
		{"hashtag links", `MATCH (p:Post)-[:TAGS]->(h:Hashtag) WHERE h.tag STARTS WITH 'anon:german_elections/' RETURN count(*) AS n`,
			distinct(good, func(r map[string]string) string {
				if r["hashtag_id"] == "" {
					return ""
				}
				return post(r) + ">" + r["hashtag_id"]
			})},
		{"image links", `MATCH (p:Post)-[:HAS_IMAGE]->(i:Image) RETURN count(*) AS n`,
			distinct(good, func(r map[string]string) string {
				if r["phash_id"] == "" {
					return ""
				}
				return post(r) + ">" + r["phash_id"]
			})},
		{"domains", `MATCH (d:Domain) WHERE d.name STARTS WITH 'anon:german_elections/' RETURN count(d) AS n`,
			distinct(good, func(r map[string]string) string { return r["domain_id"] })},
	} {
		if got := loadertest.Int(t, st, c.query, ds); got != c.want {
			t.Errorf("%s: graph %d, file %d", c.name, got, c.want)
		}
	}
	// Anonymised ids never meet real ones: no account of this set has a bare platform id.
	if n := loadertest.Int(t, st, `MATCH (a:Account)-[:IN_DATASET]->(:Dataset {name: $ds}) WHERE NOT a.uid CONTAINS '/german_elections/' AND NOT a.uid CONTAINS ':german_elections/' RETURN count(a) AS n`, ds); n != 0 {
		t.Errorf("%d anonymised accounts not scoped by their dataset", n)
	}
}

func int64Len[T any](s []T) int64 { return int64(len(s)) }

func TestBadSharesInput(t *testing.T) {
	st := neo4jtest.Fresh(t)
	for _, tc := range []struct {
		name, content string
		wantHeader    bool
		wantReason    string
		wantLine      int
	}{
		{"wrong header", "a,b,c\n1,2,3\n", true, "", 0},
		{"multi without object columns", "account_id,post_id,timestamp\nfb_1,2,3\n", true, "", 0},
		{"bad timestamp", "object_id,account_id,content_id,timestamp_share\no1,a1,c1,1623881091\no1,a2,c2,yesterday\n", false, "not unix seconds", 3},
		{"empty account", "object_id,account_id,content_id,timestamp_share\no1,,c1,1623881091\n", false, "empty account id", 2},
		{"field count", "object_id,account_id,content_id,timestamp_share\no1,a1,c1\n", false, "wrong field count", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := loadertest.Int(t, st, `MATCH (n) RETURN count(n) AS n`, nil)
			path := loadertest.WriteFile(t, "crafted.csv", tc.content)
			_, rej, err := loadertest.Load(t, st, shares.Load, "crafted_"+strings.ReplaceAll(tc.name, " ", "_"), loaders.Options{}, path)
			if tc.wantHeader {
				var he *loaders.HeaderError
				if !errors.As(err, &he) || !strings.Contains(err.Error(), "crafted.csv line 1") || !strings.Contains(err.Error(), "expected columns") {
					t.Fatalf("err = %v, want a header error naming the file and the expected columns", err)
				}
				if after := loadertest.Int(t, st, `MATCH (n) RETURN count(n) AS n`, nil); after != before {
					t.Fatalf("a refused file wrote %d nodes", after-before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rej.Count() != 1 {
				t.Fatalf("%d rejects, want 1", rej.Count())
			}
			r := rej.First()[0]
			if !strings.Contains(r.Reason, tc.wantReason) || r.Line != tc.wantLine || !strings.HasSuffix(r.File, "crafted.csv") {
				t.Fatalf("reject %+v, want line %d reason %q", r, tc.wantLine, tc.wantReason)
			}
		})
	}
}

func TestParallelSharesLoadEqualsSerial(t *testing.T) {
	slice := loadertest.Head(t, russian, 3000, "russian_head.csv")
	loadertest.ParallelEqualsSerial(t, neo4jtest.Fresh, neo4jtest.Dump, neo4jtest.DiffDumps, shares.Load, 50, slice)
	multi := loadertest.Head(t, german, 3000, "german_head.csv")
	loadertest.ParallelEqualsSerial(t, neo4jtest.Fresh, neo4jtest.Dump, neo4jtest.DiffDumps, shares.Load, 50, multi)
}
