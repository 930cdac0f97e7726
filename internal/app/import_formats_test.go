package app_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders/bulk"
	"github.com/iograph/iograph/loaders/shares"
)

// writeFile writes lines (and a final newline) to dir/name.
func writeFile(t *testing.T, dir, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// headOf reads the first n lines of a file, gzipped or not.
func headOf(t *testing.T, path string, n int) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sc *bufio.Scanner
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		sc = bufio.NewScanner(gz)
	} else {
		sc = bufio.NewScanner(f)
	}
	var out []string
	for len(out) < n && sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// everyFormat is a small archive of every format the online loader reads,
// from the repository's demo and test files, each format with rows a load
// rejects; the release and the asset lists name the same accounts.
func everyFormat(t *testing.T) []bulk.Input {
	dir := t.TempDir()
	tw := []string{"../../loaders/twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv",
		"../../loaders/twitterio/testdata/hk_test_082019_1_tweets_csv_hashed.csv"}
	assetsHeader := "platform,kind,id,handle,name,url,followers,created,operation,notes,source,confidence"
	lists := []string{"../../demo/hk_2019_takedown_assets.csv", writeFile(t, dir, "hk_list.csv", assetsHeader,
		"twitter,account,,HKpoliticalnew,,,,,HK 2019,the release's fake news account,a report,high",
		"facebook,page,,ctcc507,ctcc507 (page),,1200,2019-06-01,HK 2019,same moniker as the Twitter account,,",
		"youtube,channel,UCabc,,,https://www.youtube.com/channel/UCabc,,,,,,",
		"myspace,account,1,,,,,,,,,",
		"facebook,page,2,,,,many,,,,,",
		"facebook,page,3,,,,,,,,,certain")}
	ct := headOf(t, "../../demo/crowdtangle/ct_shares.csv", 400)
	first := strings.Split(ct[1], ",")
	bad := slices.Clone(first)
	bad[3] = `"yesterday"`
	ct = append(ct, strings.Join(bad, ","))
	bad = slices.Clone(first)
	bad[9] = `"MySpace"`
	ct = append(ct, strings.Join(bad, ","))
	meta := []string{"../../demo/meta-threat-research/Q1_2023__Q1_2023__Georgia-based_CIB_network.csv",
		"../../loaders/metacib/testdata/malformed_ttp.csv"}
	multi := append(headOf(t, "../../demo/coortweet/german_elections.csv.gz", 300),
		"fb_1,,23678,,3498,,1629589836", "fb_2,9,,,,,soon")
	coortweet := append(headOf(t, "../../demo/coortweet/russian_coord_tweets.csv.gz", 300),
		"85d2d12251a735ce05255061f7f231e2,,114e22f1b2b648528277b76f0b0224e7,1623881091")
	return []bulk.Input{
		{Format: "twitter-io", Files: tw},
		{Format: "assets", Files: lists},
		{Format: "crowdtangle", Files: []string{writeFile(t, dir, "ct_shares.csv", ct...)}},
		{Format: "meta-cib", Files: meta},
		{Format: "shares", Files: []string{writeFile(t, dir, "german_elections.csv", multi...),
			writeFile(t, dir, "russian_coord_tweets.csv", coortweet...)}, Shares: shares.Config{}},
	}
}

// loadOnline loads inputs with one load command each, in order, and
// returns the lines of their rejects reports.
func loadOnline(t *testing.T, inputs []bulk.Input) []string {
	t.Helper()
	db := neo4jtest.DB(t)
	var rej []string
	for _, in := range inputs {
		report := filepath.Join(t.TempDir(), "rejects.csv")
		_, err := app.Load(context.Background(), db, app.LoadRequest{Format: in.Format, Files: in.Files, Shares: in.Shares, Rejects: report})
		if err != nil {
			t.Fatalf("load %s %v: %v", in.Format, in.Files, err)
		}
		rej = append(rej, reportLines(t, report)...)
	}
	return rej
}

// reportLines are the rejects of a report, without its header.
func reportLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	return slices.DeleteFunc(lines[1:], func(l string) bool { return l == "" })
}

// An import of files of every format equals their loads, one load command
// per format in the order of the import: every node, relationship and
// property, the links across platforms and the datasets' provenance; the
// rows rejected are the same, for the same reasons. And an online load of
// a release on top of an import of the other formats gives what the loads
// give.
func TestImportEqualsOnlineLoadEveryFormat(t *testing.T) {
	inputs := everyFormat(t)
	neo4jtest.Fresh(t)
	rejAll := loadOnline(t, inputs)
	if len(rejAll) < 8 {
		t.Fatalf("the files should have rows a load rejects, got %v", rejAll)
	}
	onlineAll := canonical(t, neo4jtest.DB(t))
	neo4jtest.Fresh(t)
	others, release := inputs[1:], inputs[:1]
	rejOthers := loadOnline(t, others)
	loadOnline(t, release)
	onlineThen := canonical(t, neo4jtest.DB(t))

	for _, tc := range []struct {
		name    string
		inputs  []bulk.Input
		then    []bulk.Input
		want    []string
		wantRej []string
	}{
		{"import of every format equals their loads", inputs, nil, onlineAll, rejAll},
		{"import of the other formats, then an online load of a release", others, release, onlineThen, rejOthers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newImportServer(t)
			db, _ := s.importInputs(t, tc.inputs)
			if rej := reportLines(t, s.rejects); !slices.Equal(rej, tc.wantRej) {
				t.Errorf("import rejects\n%v\nthe loads reject\n%v", rej, tc.wantRej)
			}
			for _, in := range tc.then {
				if _, err := app.Load(context.Background(), db, app.LoadRequest{Format: in.Format, Files: in.Files}); err != nil {
					t.Fatal(err)
				}
			}
			got := canonical(t, db)
			if d := neo4jtest.DiffLines(tc.want, got); d != "" {
				t.Fatalf("the imported graph differs from the loaded one (- load, + import):\n%s", d)
			}
		})
	}
}

// A file an import cannot read (a header its format's loader refuses)
// stops the import before neo4j-admin runs: a BAD_INPUT naming the file,
// and no database in the data directory.
func TestImportRefusesAHeaderItsLoaderRefuses(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "list.csv", "name,notes", "a,b")
	s := newImportServer(t)
	req := app.ImportRequest{Inputs: []bulk.Input{
		{Format: "twitter-io", Files: []string{"../../loaders/twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv"}},
		{Format: "assets", Files: []string{bad}}}, Admin: s.admin(t), Work: filepath.Join(dir, "work")}
	_, err := app.Import(context.Background(), req)
	if apperr.KindOf(err) != apperr.BadInput || !strings.Contains(fmt.Sprint(err), bad+" line 1") {
		t.Fatalf("got %v, want a BAD_INPUT naming %s line 1", err, bad)
	}
	if _, err := os.Stat(filepath.Join(s.dir, "data", "databases", "neo4j")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the refused import left a database (%v)", err)
	}
	// an unknown format is refused before anything is read
	req.Inputs = []bulk.Input{{Format: "myspace", Files: []string{bad}}}
	if err := req.Check(); apperr.KindOf(err) != apperr.BadInput || !strings.Contains(err.Error(), `unknown format "myspace"`) {
		t.Fatalf("an unknown format: got %v", err)
	}
}
