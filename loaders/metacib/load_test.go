package metacib_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/loadertest"
	"github.com/iograph/iograph/loaders/metacib"
)

func networkFiles(t *testing.T) []string {
	files, err := filepath.Glob(loadertest.Demo + "/meta-threat-research/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("demo files: %v", err)
	}
	return slices.DeleteFunc(files, func(f string) bool { return strings.Contains(f, "Killchain") })
}

func TestEveryDisclosureLoads(t *testing.T) {
	st := neo4jtest.Fresh(t)
	files := networkFiles(t)
	if len(files) != 55 {
		t.Fatalf("%d network files, SOURCES.md says 55", len(files))
	}
	sum, rej, err := loadertest.Load(t, st, metacib.Load, "", loaders.Options{}, files...)
	if err != nil {
		t.Fatal(err)
	}
	// The one real row that cannot be read: a Telegram "URL" with no host.
	if rej.Count() != 1 || rej.First()[0].Line != 23 || !strings.Contains(rej.First()[0].File, "Q3_2024__Q3_2024_IRAN") {
		t.Errorf("rejects: %v", rej.First())
	}
	// Every row of every file is accounted for: rows in the load record equal
	// the rows a plain CSV reader sees.
	// and each is accepted, rejected or blank (the ",,," separators), as the
	// Load node records for `iograph datasets`.
	var blank int64
	for _, f := range sum.Files {
		raw := loadertest.ReadCSV(t, f.Entry.Path)
		if f.Rows.Load() != int64(len(raw)) {
			t.Errorf("%s: load counted %d rows, the file has %d", f.Entry.Path, f.Rows.Load(), len(raw))
		}
		if a, r, b := f.Accepted.Load(), f.Rejected.Load(), f.Blank.Load(); a+r+b != f.Rows.Load() {
			t.Errorf("%s: %d rows, but %d accepted + %d rejected + %d blank", f.Entry.Path, f.Rows.Load(), a, r, b)
		}
		blank += f.Blank.Load()
	}
	recorded := loadertest.Int(t, st, `MATCH (l:Load {kind: 'meta-cib'}) RETURN sum(l.rows - l.accepted - l.rejected - l.blank) AS n`, nil)
	if blank == 0 || recorded != 0 {
		t.Errorf("%d blank rows in the demo's disclosures (some have separators); Load nodes leave %d rows unexplained", blank, recorded)
	}
	if n := loadertest.Int(t, st, `MATCH (o:Operation {source: 'Meta'}) RETURN count(o) AS n`, nil); n != 55 {
		t.Errorf("%d operations, want 55", n)
	}
	// Sampled values, read straight from the raw files.
	for _, c := range []struct {
		name, q string
		want    int64
	}{
		{"a defanged X account restored",
			`MATCH (a:Account {uid: 'twitter:@sarasil39636921', profileUrl: 'https://twitter.com/SaraSil39636921'})-[p:PART_OF]->(o:Operation)
			 WHERE o.name CONTAINS 'China' AND o.period = '2023-Q1' RETURN count(p) AS n`, 1},
		{"a YouTube channel",
			`MATCH (a:Account {platform: 'youtube', handleLower: 'knowindia303'})-[:PART_OF]->(:Operation) RETURN count(a) AS n`, 1},
		{"a 2022 domain indicator as a website",
			`MATCH (a:Account {platform: 'web'})-[:HAS_DOMAIN]->(:Domain {name: 'bnt2.live'}) RETURN count(a) AS n`, 1},
		{"free-text counts parsed", // "63 accounts", "44 Pages", "28 Groups"
			`MATCH (o:Operation) WHERE o.file ENDS WITH 'Q1_2023__Q1_2023_China-based_CIB_network_1.csv'
			 RETURN size([i IN range(0, size(o.countValues) - 1) WHERE o.countPlatforms[i] = 'facebook' AND
			   ((o.countKinds[i] = 'account' AND o.countValues[i] = 63) OR (o.countKinds[i] = 'page' AND o.countValues[i] = 44) OR
			    (o.countKinds[i] = 'group' AND o.countValues[i] = 28))]) AS n`, 3},
	} {
		if got := loadertest.Int(t, st, c.q, nil); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	// Every listed asset is linked to its operation with the evidence.
	if n := loadertest.Int(t, st, `MATCH (:Account)-[p:PART_OF]->(:Operation {source: 'Meta'}) WHERE p.evidence IS NULL OR p.confidence <> 'disclosed' RETURN count(p) AS n`, nil); n != 0 {
		t.Errorf("%d PART_OF links without evidence", n)
	}
}

func TestKillChainFileIsRefusedBeforeWriting(t *testing.T) {
	st := neo4jtest.Fresh(t)
	kc := loadertest.Demo + "/meta-threat-research/Online_Operations_Killchain-TTPs.csv"
	if _, err := os.Stat(kc); err != nil {
		t.Fatal(err)
	}
	_, _, err := loadertest.Load(t, st, metacib.Load, "", loaders.Options{}, kc)
	if !errors.Is(err, metacib.ErrKillChain) {
		t.Fatalf("kill-chain list: %v", err)
	}
	if n := loadertest.Int(t, st, `MATCH (n) RETURN count(n) AS n`, nil); n != 0 {
		t.Fatalf("a refused file wrote %d nodes", n)
	}
}

func TestParallelDisclosureLoadEqualsSerial(t *testing.T) {
	doppelganger := loadertest.Demo + "/meta-threat-research/Q2_2023___Q2_2023_Doppelganger_Russia_based_CIB_network_updated.csv"
	loadertest.ParallelEqualsSerial(t, neo4jtest.Fresh, neo4jtest.Dump, neo4jtest.DiffDumps, metacib.Load, 100, doppelganger)
}
