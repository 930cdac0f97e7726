package links_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/assets"
	"github.com/iograph/iograph/loaders/loadertest"
	"github.com/iograph/iograph/loaders/metacib"
	"github.com/iograph/iograph/loaders/twitterio"
)

const users = "../twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv"

// A takedown list names the release's outlet by URL, a disclosure by
// handle: both records resolve to the release's account with the evidence,
// whichever comes first, and the graph is the same either way.
func TestHandleOnlyRecordsResolveInEitherOrder(t *testing.T) {
	list := loadertest.WriteFile(t, "list.csv", "platform,kind,url,operation,notes\ntwitter,account,https://twitter.com/HKpoliticalNEW,HK 2019,named by URL\n")
	meta := loadertest.WriteFile(t, "Q1_2023__Q1_2023_Links-test_CIB_network.csv",
		"Tactic,Technique,Procedure,Indicator\n0 Acquiring assets,0.9 Acquiring social media accounts,0.9.4 Acquiring X / Twitter accounts,https://twitter[.]com/@hkpoliticalnew\n")
	type step struct {
		fn   loaders.Func
		file string
	}
	var dumps [2][]string
	for i, order := range [][]step{
		{{twitterio.Load, users}, {assets.Load, list}, {metacib.Load, meta}},
		{{metacib.Load, meta}, {assets.Load, list}, {twitterio.Load, users}},
	} {
		st := neo4jtest.Fresh(t)
		for _, s := range order {
			if _, rej, err := loadertest.Load(t, st, s.fn, "", loaders.Options{}, s.file); err != nil || rej.Count() != 0 {
				t.Fatalf("load %s: %v, %d rejects", s.file, err, rej.Count())
			}
		}
		got := loadertest.Records(t, st, `MATCH (r:Account)-[s:SAME_AS]->(a:Account)
			RETURN r.uid AS ref, a.uid AS account, s.confidence AS confidence, s.evidence AS evidence, s.source AS source, s.asOf AS asOf`, nil)
		if len(got) != 1 || got[0]["ref"] != "twitter:@hkpoliticalnew" || got[0]["account"] != "twitter:1001" || got[0]["confidence"] != "high" ||
			got[0]["evidence"] != "twitter:1001 held the handle: @HKpoliticalnew in Twitter release hk_test_082019_1 (as of 2019-08)" ||
			got[0]["source"] != "Twitter release hk_test_082019_1" || got[0]["asOf"] != "2019-08" {
			t.Errorf("order %d: SAME_AS %v", i, got)
		}
		// The record holds both sources' observations of its handle.
		obs := loadertest.Records(t, st, `MATCH (:Account {uid: 'twitter:@hkpoliticalnew'})-[o:HELD]->(h:Handle)
			RETURN h.key AS key, o.handle AS handle, o.source AS source, o.asOf AS asOf ORDER BY source`, nil)
		if len(obs) != 2 || obs[0]["key"] != "twitter:@hkpoliticalnew" || obs[0]["source"] != "Meta" || obs[0]["asOf"] != "2023-Q1" ||
			obs[0]["handle"] != "hkpoliticalnew" || obs[1]["source"] != "analyst list" || obs[1]["handle"] != "HKpoliticalNEW" {
			t.Errorf("order %d: observations %v", i, obs)
		}
		dumps[i] = neo4jtest.Dump(t, st)
	}
	if d := diffIgnoringLoads(dumps[0], dumps[1]); d != "" {
		t.Errorf("the graph depends on the order of the loads:\n%s", d)
	}
}

// diffIgnoringLoads compares two dumps but for the records of when the
// loads ran (Load nodes and their links to datasets) and for which load made
// a SAME_AS link: the one that brought its second end, which the order
// decides.
func diffIgnoringLoads(a, b []string) string {
	return neo4jtest.DiffDumps(withoutLoads(a), withoutLoads(b))
}

var sameAsLoads = regexp.MustCompile(`"loads":\[[^\]]*\],?`)

func withoutLoads(d []string) []string {
	var out []string
	for _, l := range d {
		switch {
		case strings.Contains(l, `"Load"`), strings.Contains(l, `"OF_DATASET"`):
		case strings.Contains(l, `"type":"SAME_AS"`):
			out = append(out, sameAsLoads.ReplaceAllString(l, ""))
		default:
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// A graph loaded before iograph kept handle observations is resolved when a
// load command names its files again, though every file is skipped: the
// handles its accounts have become that dataset's observations.
func TestLegacyDatasetIsResolvedWhenItsFilesAreSkipped(t *testing.T) {
	st := neo4jtest.Fresh(t)
	list := loadertest.WriteFile(t, "list.csv", "platform,kind,handle\ntwitter,account,hkpoliticalnew\n")
	for _, s := range []struct {
		fn   loaders.Func
		file string
	}{{twitterio.Load, users}, {assets.Load, list}} {
		if _, _, err := loadertest.Load(t, st, s.fn, "", loaders.Options{}, s.file); err != nil {
			t.Fatal(err)
		}
	}
	// What a graph of the earlier version holds: no observations, no
	// resolutions, no marker.
	loadertest.Records(t, st, `MATCH (h:Handle) DETACH DELETE h`, nil)
	loadertest.Records(t, st, `MATCH ()-[s:SAME_AS]->() DELETE s`, nil)
	loadertest.Records(t, st, `MATCH (d:Dataset) REMOVE d.handlesResolved`, nil)

	sum, _, err := loadertest.Load(t, st, twitterio.Load, "", loaders.Options{}, users)
	if err != nil || !sum.Files[0].Skipped {
		t.Fatalf("reload: %v (skipped: %v)", err, sum.Files[0].Skipped)
	}
	got := loadertest.Records(t, st, `MATCH (:Account {uid: 'twitter:1001'})-[o:HELD]->(h:Handle) RETURN h.key AS key, o.source AS source`, nil)
	if len(got) != 1 || got[0]["key"] != "twitter:@hkpoliticalnew" || got[0]["source"] != "twitter-io hk_test_082019_1" {
		t.Fatalf("backfilled observations %v", got)
	}
	// The list's record is resolved once the list's dataset is named too.
	if n := loadertest.Int(t, st, `MATCH (:Account {uid: 'twitter:@hkpoliticalnew'})-[s:SAME_AS {confidence: 'high'}]->(:Account {uid: 'twitter:1001'}) RETURN count(s) AS n`, nil); n != 1 {
		t.Errorf("%d SAME_AS after the release's reload, want 1", n)
	}
	if _, _, err := loadertest.Load(t, st, assets.Load, "", loaders.Options{}, list); err != nil {
		t.Fatal(err)
	}
	// Resolved datasets are not resolved again: a further skipped load
	// changes nothing.
	before := neo4jtest.Dump(t, st)
	if _, _, err := loadertest.Load(t, st, twitterio.Load, "", loaders.Options{}, users); err != nil {
		t.Fatal(err)
	}
	if d := neo4jtest.DiffDumps(before, neo4jtest.Dump(t, st)); d != "" {
		t.Errorf("a skipped load of a resolved dataset changed the graph:\n%s", d)
	}
}
