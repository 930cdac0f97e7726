package crowdtangle_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/crowdtangle"
	"github.com/iograph/iograph/loaders/loadertest"
)

const ctShares = loadertest.Demo + "/crowdtangle/ct_shares.csv"

func TestCrowdTangleSharesLoadAsWritten(t *testing.T) {
	st := neo4jtest.Fresh(t)
	sum, rej, err := loadertest.Load(t, st, crowdtangle.Load, "", loaders.Options{BatchSize: 500}, ctShares)
	if err != nil || rej.Count() != 0 {
		t.Fatalf("load: %v, %d rejects %v", err, rej.Count(), rej.First())
	}
	rows := loadertest.ReadCSV(t, ctShares)
	if int64(len(rows)) != sum.Files[0].Accepted.Load() || len(rows) != 1684 {
		t.Fatalf("%d rows in the file, %d accepted", len(rows), sum.Files[0].Accepted.Load())
	}
	accounts, groups, posts, shares, urls := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		accounts[r["account.platformId"]] = true
		if strings.Contains(r["account.url"], "/groups/") {
			groups[r["account.platformId"]] = true
		}
		posts[r["id"]] = true
		shares[r["id"]+" "+r["expanded"]] = true
		urls[r["expanded"]] = true
	}
	ds := map[string]any{"ds": "ct_shares"}
	for _, c := range []struct {
		name, q string
		want    int
	}{
		{"pages and groups", `MATCH (a:Account {platform: 'facebook'})-[:IN_DATASET]->(:Dataset {name: $ds}) RETURN count(a) AS n`, len(accounts)},
		{"groups", `MATCH (a:Account {platform: 'facebook', kind: 'group'})-[:IN_DATASET]->(:Dataset {name: $ds}) RETURN count(a) AS n`, len(groups)},
		{"posts", `MATCH (:Account)-[:POSTED]->(p:Post) WHERE p.uid STARTS WITH 'crowdtangle:' RETURN count(p) AS n`, len(posts)},
		{"links", `MATCH (p:Post)-[:LINKS]->(:Url) WHERE p.uid STARTS WITH 'crowdtangle:' RETURN count(*) AS n`, len(shares)},
		{"urls", `MATCH (u:Url) RETURN count(u) AS n`, len(urls)},
	} {
		if got := loadertest.Int(t, st, c.q, ds); got != int64(c.want) {
			t.Errorf("%s: graph %d, file %d", c.name, got, c.want)
		}
	}
	// Sampled rows, value by value.
	for _, i := range []int{0, 2, 841, 1683} {
		r := rows[i]
		got := loadertest.Records(t, st, `MATCH (a:Account {uid: $uid})-[:POSTED]->(p:Post {uid: $post})-[:LINKS]->(u:Url {url: $url})
			RETURN a.name AS name, a.handle AS handle, a.followers AS followers, a.verified AS verified, p.timeMs AS ms`,
			map[string]any{"uid": "facebook:" + r["account.platformId"], "post": "crowdtangle:" + r["id"], "url": r["expanded"]})
		if len(got) != 1 {
			t.Errorf("row %d not found: %v", i+2, r)
			continue
		}
		when, _ := time.Parse("2006-01-02 15:04:05", r["date"])
		subs, _ := strconv.ParseInt(r["account.subscriberCount"], 10, 64)
		var handle any = r["account.handle"]
		if handle == "NA" {
			handle = nil
		}
		g := got[0]
		if g["name"] != r["account.name"] || g["handle"] != handle || g["followers"] != subs ||
			g["verified"] != (r["account.verified"] == "TRUE") || g["ms"] != when.UnixMilli() {
			t.Errorf("row %d: graph %v, file %v", i+2, g, r)
		}
	}
}

func TestCrowdTangleRejects(t *testing.T) {
	st := neo4jtest.Fresh(t)
	header := `"id","is_orig","expanded","date","account.url","account.name","account.handle","account.subscriberCount","account.id","account.platform","account.platformId","account.verified"` + "\n"
	good := `1,TRUE,"http://a.example/x","2017-01-13 21:41:10","https://www.facebook.com/groups/3","G",NA,3183,10,"Facebook","3",FALSE` + "\n"
	for _, tc := range []struct {
		name, row, column string
	}{
		{"bad date", `2,TRUE,"http://a.example/x","13/01/2017","https://www.facebook.com/1","P",NA,1,11,"Facebook","1",FALSE`, "date"},
		{"rounded id", `9.06E+17,TRUE,"http://a.example/x","2017-01-13 21:41:10","https://www.facebook.com/1","P",NA,1,11,"Facebook","1",FALSE`, "id"},
		{"unknown platform", `3,TRUE,"http://a.example/x","2017-01-13 21:41:10","https://www.facebook.com/1","P",NA,1,11,"MySpace","1",FALSE`, "account.platform"},
		{"bad count", `4,TRUE,"http://a.example/x","2017-01-13 21:41:10","https://www.facebook.com/1","P",NA,many,11,"Facebook","1",FALSE`, "account.subscribercount"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := loadertest.WriteFile(t, "ct.csv", header+good+tc.row+"\n")
			sum, rej, err := loadertest.Load(t, st, crowdtangle.Load, "ct_"+strings.ReplaceAll(tc.name, " ", "_"), loaders.Options{}, path)
			if err != nil {
				t.Fatal(err)
			}
			if rej.Count() != 1 || sum.Files[0].Accepted.Load() != 1 {
				t.Fatalf("%d rejects, %d accepted; want 1 and 1", rej.Count(), sum.Files[0].Accepted.Load())
			}
			if r := rej.First()[0]; r.Line != 3 || r.Column != tc.column {
				t.Fatalf("reject %+v, want line 3 column %s", r, tc.column)
			}
		})
	}
}

func TestParallelCrowdTangleLoadEqualsSerial(t *testing.T) {
	loadertest.ParallelEqualsSerial(t, neo4jtest.Fresh, neo4jtest.Dump, neo4jtest.DiffDumps, crowdtangle.Load, 10, ctShares)
}
