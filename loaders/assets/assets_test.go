package assets_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/assets"
	"github.com/iograph/iograph/loaders/loadertest"
)

const demoList = loadertest.Demo + "/hk_2019_takedown_assets.csv"

func TestAssetListLinksOperationAndHandles(t *testing.T) {
	st := neo4jtest.Fresh(t)
	list := loadertest.WriteFile(t, "takedown.csv", `platform,kind,id,handle,name,url,followers,created,operation,notes
twitter,account,1001,HKpoliticalnew,HK political news,,52000,2019-06-01,HK 2019,Twitter disclosure
facebook,page,,,HK political news,hxxps://www.facebook[.]com/HKpoliticalnew,"1,200",,HK 2019,same moniker on Facebook
facebook,group,300176403665207,,HK group,,,,hk  2019,Facebook newsroom post
web,website,,,,https://www.hk-truth.example/about,,,HK 2019,site linked from the page
`)
	sum, rej, err := loadertest.Load(t, st, assets.Load, "", loaders.Options{}, list)
	if err != nil || rej.Count() != 0 || sum.Files[0].Accepted.Load() != 4 {
		t.Fatalf("load: %v, %d rejects %v", err, rej.Count(), rej.First())
	}
	got := loadertest.Records(t, st, `MATCH (a:Account)-[p:PART_OF]->(o:Operation {uid: 'manual:hk-2019'})
		RETURN a.uid AS uid, a.followers AS followers, p.evidence AS evidence, p.source AS source ORDER BY uid`, nil)
	want := []string{"facebook:300176403665207", "facebook:@hkpoliticalnew", "twitter:1001", "web:hk-truth.example"}
	if len(got) != len(want) {
		t.Fatalf("operation members %v, want %v", got, want)
	}
	for i, g := range got {
		if g["uid"] != want[i] || g["source"] != "analyst list" || g["evidence"] == "" {
			t.Errorf("member %d = %v, want %s with evidence and source", i, g, want[i])
		}
	}
	if f := got[1]["followers"]; f != int64(1200) {
		t.Errorf("followers \"1,200\" read as %v", f)
	}
	// The same moniker on two platforms is linked, with its evidence, never merged.
	links := loadertest.Records(t, st, `MATCH (a:Account)-[l:SAME_HANDLE]->(b:Account) RETURN a.uid AS a, b.uid AS b, l.confidence AS c, l.evidence AS e`, nil)
	if len(links) != 1 || links[0]["a"] != "facebook:@hkpoliticalnew" || links[0]["b"] != "twitter:1001" || links[0]["c"] != "medium" {
		t.Errorf("same-handle links %v", links)
	}
}

func TestDemoListLoads(t *testing.T) {
	st := neo4jtest.Fresh(t)
	rows := loadertest.ReadCSV(t, demoList)
	sum, rej, err := loadertest.Load(t, st, assets.Load, "", loaders.Options{}, demoList)
	if err != nil || rej.Count() != 0 || sum.Files[0].Accepted.Load() != int64(len(rows)) {
		t.Fatalf("load: %v, %d rejects, %d of %d accepted", err, rej.Count(), sum.Files[0].Accepted.Load(), len(rows))
	}
}

func TestAssetListRejects(t *testing.T) {
	st := neo4jtest.Fresh(t)
	header := "platform,kind,id,handle,name,url,followers,created,operation,notes\n"
	for _, tc := range []struct{ name, row, column string }{
		{"unknown platform", "myspace,account,1,,,,,,,", "platform"},
		{"unknown kind", "facebook,fanclub,1,,,,,,,", "kind"},
		{"nothing identifies it", "facebook,page,,,Name only,,,,,", "id"},
		{"bad followers", "twitter,account,1,,,,lots,,,", "followers"},
		{"bad date", "twitter,account,1,,,,,19/08/2019,,", "created"},
		{"bad url", "twitter,account,,,,::,,,,", "url"},
		// The handle fits Neo4j's index, the key of its Handle node does not.
		{"handle key too large", "twitter,account,1," + strings.Repeat("h", loaders.MaxIndexedBytes-2) + ",,,,,,", "handle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := loadertest.WriteFile(t, "list.csv", header+"twitter,account,42,,,,,,,\n"+tc.row+"\n")
			_, rej, err := loadertest.Load(t, st, assets.Load, "", loaders.Options{}, path)
			if err != nil {
				t.Fatal(err)
			}
			if rej.Count() != 1 || rej.First()[0].Line != 3 || rej.First()[0].Column != tc.column {
				t.Fatalf("rejects %v, want one on line 3 field %s", rej.First(), tc.column)
			}
		})
	}
	path := loadertest.WriteFile(t, "list.csv", "name,notes\nx,y\n")
	_, _, err := loadertest.Load(t, st, assets.Load, "", loaders.Options{}, path)
	var he *loaders.HeaderError
	if !errors.As(err, &he) || !strings.Contains(err.Error(), "platform") {
		t.Fatalf("header without platform/kind: %v", err)
	}
}
