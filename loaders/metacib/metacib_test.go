package metacib

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
)

// dataset is the shared copy of facebook/threat-research's indicators,
// read in place rather than copied into testdata.
const dataset = "../../../shared/datasets/meta-threat-research"

const killChainFile = "Online_Operations_Killchain-TTPs.csv"

// networkFiles lists the 55 network files, skipping the test when the
// shared dataset is not checked out.
func networkFiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(dataset); err != nil {
		t.Skipf("shared dataset not present at %s: %v", dataset, err)
	}
	all, err := filepath.Glob(filepath.Join(dataset, "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range all {
		if filepath.Base(f) != killChainFile {
			out = append(out, f)
		}
	}
	if len(out) != 55 {
		t.Fatalf("found %d network files in %s, want 55", len(out), dataset)
	}
	return out
}

func parseAll(t *testing.T) (map[string]*File, []loaders.Reject) {
	t.Helper()
	var rejects []loaders.Reject
	files := map[string]*File{}
	for _, path := range networkFiles(t) {
		fs, err := ParseFile(path, func(r loaders.Reject) error { rejects = append(rejects, r); return nil })
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(fs) != 1 {
			t.Fatalf("%s: %d streams, want 1", path, len(fs))
		}
		files[filepath.Base(path)] = fs[0]
	}
	return files, rejects
}

// plainRows reads a file with encoding/csv alone: the data rows, as an
// independent check on the parser's accounting.
func plainRows(t *testing.T, path string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	all, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for i, h := range all[0] {
		all[0][i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	}
	return all[0], all[1:]
}

func TestAllNetworkFilesParse(t *testing.T) {
	files, rejects := parseAll(t)
	for name, f := range files {
		_, rows := plainRows(t, filepath.Join(dataset, name))
		if f.Rows != len(rows) {
			t.Errorf("%s: parser read %d rows, encoding/csv %d", name, f.Rows, len(rows))
		}
		// Nothing is dropped: each row is one record, a reject or blank.
		sum := len(f.Assets) + len(f.Counts) + len(f.Facts) + len(f.Indicators) + len(f.TTPs) + f.Rejects + f.Blank
		if sum != f.Rows {
			t.Errorf("%s: %d rows but %d records+rejects+blanks", name, f.Rows, sum)
		}
		op := f.Operation
		if !strings.HasPrefix(op.ID, "meta:") || op.Name == "" || op.Source != "Meta" || op.Period == "" || op.Schema == "" {
			t.Errorf("%s: incomplete operation %+v", name, op)
		}
		for _, a := range f.Assets {
			if a.Key == "" || a.URL == "" || a.Domain == "" || !strings.HasPrefix(a.Key, string(a.Platform)+":") {
				t.Errorf("%s line %d: incomplete asset %+v", name, a.Line, a)
			}
			if a.Handle == "" && a.NativeID == "" && a.Platform != model.PlatformWeb {
				t.Errorf("%s line %d: asset with neither handle nor id %+v", name, a.Line, a)
			}
			if strings.Contains(a.URL, "[.]") || strings.Contains(a.URL, "hxxp") || strings.Contains(a.URL, "[:]") {
				t.Errorf("%s line %d: URL still defanged: %s", name, a.Line, a.URL)
			}
		}
		for _, c := range f.Counts {
			if c.N <= 0 || c.Platform == "" || c.Kind == "" {
				t.Errorf("%s line %d: bad count %+v", name, c.Line, c)
			}
		}
	}
	// The only uninterpretable row in the release.
	if len(rejects) != 1 || !strings.HasSuffix(rejects[0].File, "Q3_2024__Q3_2024_IRAN_BASED_CIB_NETWORK.csv") ||
		rejects[0].Line != 23 || rejects[0].Column != "indicator" || rejects[0].Value != "t[.]/RGUD_bot" {
		t.Errorf("rejects = %+v, want only t[.]/RGUD_bot at Q3 2024 Iran line 23", rejects)
	}
}

func TestOperationIDsUnique(t *testing.T) {
	files, _ := parseAll(t)
	ids, names := map[string]string{}, map[string]string{}
	for file, f := range files {
		if other, dup := ids[f.Operation.ID]; dup {
			t.Errorf("operation id %s shared by %s and %s", f.Operation.ID, file, other)
		}
		ids[f.Operation.ID] = file
		if other, dup := names[f.Operation.Name]; dup {
			t.Errorf("operation name %q shared by %s and %s", f.Operation.Name, file, other)
		}
		names[f.Operation.Name] = file
	}
	if len(ids) != 55 {
		t.Errorf("%d distinct ids, want 55", len(ids))
	}
}

var (
	reLooksURL   = regexp.MustCompile(`\[\.\]|https?:|hxxp`)
	reLooksCount = regexp.MustCompile(`^\s*\d[\d,]*(\s+[A-Za-z]+){1,2}\s*$`)
)

// TestIndependentTotals checks asset and count totals against a count made
// with a plain CSV read and a deliberately simple rule: under "0.6"/"0.9"
// procedures, a cell with "[.]" or "http" is an asset and "<number> <word>"
// a count. The files chosen are ones where that rule is exactly right.
func TestIndependentTotals(t *testing.T) {
	files, _ := parseAll(t)
	for _, tc := range []struct {
		file           string
		assets, counts int
	}{
		{"Q1_2023__Q1_2023_China-based_CIB_network_1.csv", 4, 3},
		{"Q2_2024__Q2_2024_US-BASED_CIB_NETWORK.csv", 11, 4},
		{"Q3_2023__Q3_2023_China-based_CIB_network_2.csv", 70, 1},
		{"Q4_2023__Q4_2023_Myanmar_based_CIB_network.csv", 17, 3},
		{"Q1_2023__Q1_2023__Iran-based_CIB_network.csv", 17, 4},
		{"Q4-1_2026_GithubIOCs_-_H1_2026_RUSSIA_BASED_CIB_NETWORK_2.csv", 54, 3},
	} {
		header, rows := plainRows(t, filepath.Join(dataset, tc.file))
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		assets, counts := 0, 0
		for _, r := range rows {
			proc, ind := strings.TrimSpace(r[col["procedure"]]), strings.TrimSpace(r[col["indicator"]])
			if !strings.HasPrefix(proc, "0.6") && !strings.HasPrefix(proc, "0.9") {
				continue
			}
			switch {
			case reLooksURL.MatchString(ind):
				assets++
			case reLooksCount.MatchString(ind):
				counts++
			}
		}
		f := files[tc.file]
		if assets != tc.assets || counts != tc.counts {
			t.Errorf("%s: simple rule finds %d assets, %d counts; the table says %d, %d", tc.file, assets, counts, tc.assets, tc.counts)
		}
		if len(f.Assets) != assets || len(f.Counts) != counts {
			t.Errorf("%s: parser gives %d assets, %d counts; plain read %d, %d", tc.file, len(f.Assets), len(f.Counts), assets, counts)
		}
	}

	// Doppelganger: every row under a domain procedure is one website.
	const dg = "Q2_2023___Q2_2023_Doppelganger_Russia_based_CIB_network_updated.csv"
	_, rows := plainRows(t, filepath.Join(dataset, dg))
	domains := map[string]bool{}
	for _, r := range rows {
		if p := strings.TrimSpace(r[2]); (strings.HasPrefix(p, "0.6.2") || strings.HasPrefix(p, "9.5.3")) && strings.TrimSpace(r[3]) != "" {
			d := strings.ToLower(strings.Fields(strings.ReplaceAll(r[3], "[.]", "."))[0])
			domains[strings.TrimPrefix(d, "www.")] = true
		}
	}
	webKeys := map[string]bool{}
	for _, a := range files[dg].Assets {
		if a.Platform == model.PlatformWeb {
			webKeys[strings.TrimPrefix(a.Key, "web:")] = true
		}
	}
	if len(webKeys) != len(domains) {
		t.Errorf("%s: %d distinct websites, plain read %d domains", dg, len(webKeys), len(domains))
	}
	for d := range domains {
		if !webKeys[d] {
			t.Errorf("%s: domain %s is not a website asset", dg, d)
		}
	}

	// 2022 schema: assets and indicators by declared type.
	for _, name := range []string{"2022_04_metas_adversarial_threat_report_q1.csv", "2022_08_metas_adversarial_threat_report_q2.csv",
		"2022_09_removing_coordinated_inauthentic_behavior_from_china_and_russia.csv"} {
		_, rows := plainRows(t, filepath.Join(dataset, name))
		byType := map[string]int{}
		for _, r := range rows {
			byType[r[0]]++
		}
		f := files[name]
		web, tg, cibAssets := 0, 0, 0
		for _, a := range f.Assets {
			switch {
			case a.Platform == model.PlatformWeb && strings.HasPrefix(a.Evidence, "domain_name"):
				web++
			case a.Platform == model.PlatformTelegram:
				tg++
			default:
				cibAssets++
			}
		}
		if web != byType["domain_name"] || tg != byType["telegram_url"] {
			t.Errorf("%s: %d websites, %d Telegram assets; plain read %d domain_name, %d telegram_url", name, web, tg, byType["domain_name"], byType["telegram_url"])
		}
		want := byType["md5"] + byType["sha256"] + byType["ip"] + byType["phishing_url"] + byType["cib_url"] - cibAssets
		if len(f.Indicators) != want {
			t.Errorf("%s: %d indicators, want %d", name, len(f.Indicators), want)
		}
	}
}

// Spot checks of records whose shape matters downstream.
func TestRecords(t *testing.T) {
	files, _ := parseAll(t)
	find := func(file string, line int) (*Asset, *Indicator, *Count, *Fact, *TTP) {
		f := files[file]
		for i := range f.Assets {
			if f.Assets[i].Line == line {
				return &f.Assets[i], nil, nil, nil, nil
			}
		}
		for i := range f.Indicators {
			if f.Indicators[i].Line == line {
				return nil, &f.Indicators[i], nil, nil, nil
			}
		}
		for i := range f.Counts {
			if f.Counts[i].Line == line {
				return nil, nil, &f.Counts[i], nil, nil
			}
		}
		for i := range f.Facts {
			if f.Facts[i].Line == line {
				return nil, nil, nil, &f.Facts[i], nil
			}
		}
		for i := range f.TTPs {
			if f.TTPs[i].Line == line {
				return nil, nil, nil, nil, &f.TTPs[i]
			}
		}
		t.Fatalf("%s line %d: no record", file, line)
		return nil, nil, nil, nil, nil
	}
	a, _, _, _, _ := find("Q1_2023__Q1_2023_China-based_CIB_network_1.csv", 5)
	if a.Key != "twitter:@sarasil39636921" || a.URL != "https://twitter.com/SaraSil39636921" || a.TTP.Code != "0.9.4" {
		t.Errorf("twitter asset = %+v", a)
	}
	_, _, c, _, _ := find("Q1_2023__Q1_2023_China-based_CIB_network_1.csv", 3)
	if c.Platform != model.PlatformFacebook || c.Kind != model.KindPage || c.N != 44 {
		t.Errorf("count = %+v", c)
	}
	_, _, _, fact, _ := find("Q1_2023__Q1_2023_China-based_CIB_network_1.csv", 20)
	if fact.Kind != FactAdSpend || fact.Value == nil || *fact.Value != 73600 || fact.Currency != "USD" {
		t.Errorf("ad spend = %+v", fact)
	}
	_, _, _, fact, _ = find("Q4_2024___Q4_2024_CHINA_BASED_CIB_NETWORK.csv", 19)
	if fact.Kind != FactAdSpend || fact.Value != nil || fact.Text != "Around $xx in spending for ads, paid for mostly in xx" {
		t.Errorf("placeholder ad spend = %+v", fact)
	}
	// tiktok listed under the X / Twitter procedure: the URL decides.
	a, _, _, _, _ = find("Q4_2024___Q4_2024_GHANA_BASED_CIB_NETWORK.csv", 9)
	if a.Platform != model.PlatformTikTok || a.Key != "tiktok:@empoweringghana" {
		t.Errorf("misfiled tiktok = %+v", a)
	}
	// A domain with a remark keeps the remark as evidence.
	for _, a := range files["Q2_2023___Q2_2023_Doppelganger_Russia_based_CIB_network_updated.csv"].Assets {
		if a.Domain == "jiraboom.pro" && (a.Key != "web:jiraboom.pro" || !strings.Contains(a.Evidence, "Der Spiegel")) {
			t.Errorf("annotated domain = %+v", a)
		}
	}
	// A defaced victim site is an indicator, not an asset.
	_, ind, _, _, _ := find("Q1_2023__Q1_2023__Iran-based_CIB_network.csv", 51)
	if ind.Type != "domain" || ind.Value != "tehillim-center.co.il" {
		t.Errorf("victim domain = %+v", ind)
	}
	// A YouTube video under "Acquiring YouTube channels" names no channel.
	_, ind, _, _, _ = find("Q1_2025__Q1_2025_China-based_CIB_network.csv", 6)
	if ind.Type != "url" || ind.Platform != model.PlatformYouTube {
		t.Errorf("youtube video = %+v", ind)
	}
	// Prose stays a TTP.
	_, _, _, _, ttp := find("Q1_2023__Q1_2023_China-based_CIB_network_1.csv", 17)
	if ttp.Code != "6.2.1" || ttp.Indicator != "Sharing on Facebook" {
		t.Errorf("ttp = %+v", ttp)
	}
}

func TestKillChain(t *testing.T) {
	path := filepath.Join(dataset, killChainFile)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared dataset not present: %v", err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = Parse(f, path, nil)
	if !errors.Is(err, ErrKillChain) || !strings.Contains(err.Error(), "not a network file") {
		t.Fatalf("Parse(kill chain) error = %v, want ErrKillChain", err)
	}

	f.Seek(0, io.SeekStart)
	refs, err := ParseKillChain(f, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, r := range refs {
		codes[r.Code] = r.Procedure
	}
	if len(refs) < 150 || codes["0.9.4"] != "0.9.4 Acquiring X / Twitter accounts" ||
		codes["0.6.1"] != "0.6.1 Acquiring domains to host, deploy, and support malware campaigns" {
		t.Errorf("kill chain: %d entries, 0.9.4=%q, 0.6.1=%q", len(refs), codes["0.9.4"], codes["0.6.1"])
	}
	// Every procedure code used by the network files is on the list,
	// except the files' own typos and extensions, which are named here.
	files, _ := parseAll(t)
	unknown := map[string]bool{}
	for _, file := range files {
		for _, ttp := range file.TTPs {
			if ttp.Code != "" && codes[ttp.Code] == "" {
				unknown[ttp.Code] = true
			}
		}
	}
	var got []string
	for c := range unknown {
		got = append(got, c)
	}
	sort.Strings(got)
	t.Logf("TTP codes used by network files but absent from the kill chain list: %v", got)
}

func TestHeaderRefusal(t *testing.T) {
	for _, name := range []string{"wrong_header.csv", "empty.csv"} {
		f, err := os.Open(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Parse(f, name, nil)
		f.Close()
		var he *loaders.HeaderError
		if !errors.As(err, &he) {
			t.Errorf("%s: error %v, want *loaders.HeaderError", name, err)
			continue
		}
		msg := err.Error()
		for _, want := range []string{"indicator_type,indicator_value,comment,ds", "tactic,technique,procedure,indicator", name} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: error %q does not name %q", name, msg, want)
			}
		}
	}

	// A header alone (with BOM, trailing space and CRLF) is a valid, empty file.
	f, err := os.Open("testdata/header_only.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Parse(f, "header_only.csv", nil)
	if err != nil || got.Operation.Schema != SchemaTTP || got.Rows != 0 {
		t.Errorf("header only: %+v, %v", got, err)
	}
}

func TestMalformedRows(t *testing.T) {
	var rejects []loaders.Reject
	f, err := os.Open("testdata/malformed_ttp.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Parse(f, "malformed_ttp.csv", func(r loaders.Reject) error { rejects = append(rejects, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	type rej struct {
		line   int
		column string
		reason string
	}
	want := []rej{
		{3, "", "wrong field count"},
		{5, "indicator", "not a URL under 0.9.7 Acquiring Telegram channels"},
		{7, "indicator", "invalid UTF-8"},
		{8, "byte", "malformed quoting"},
	}
	if len(rejects) != len(want) {
		t.Fatalf("rejects = %+v, want %d", rejects, len(want))
	}
	for i, w := range want {
		r := rejects[i]
		if r.File != "malformed_ttp.csv" || r.Line != w.line || !strings.HasPrefix(r.Column, w.column) || !strings.Contains(r.Reason, w.reason) {
			t.Errorf("reject %d = %+v, want line %d column %q reason %q", i, r, w.line, w.column, w.reason)
		}
	}
	if len(got.Assets) != 1 || got.Assets[0].Key != "twitter:@good_one" || len(got.Counts) != 1 || len(got.Facts) != 1 ||
		len(got.TTPs) != 2 || got.Blank != 1 || got.Rejects != 4 || got.Rows != 10 {
		t.Errorf("parsed = %d assets, %d counts, %d facts, %d TTPs, %d blank, %d rejects, %d rows",
			len(got.Assets), len(got.Counts), len(got.Facts), len(got.TTPs), got.Blank, got.Rejects, got.Rows)
	}

	rejects = nil
	f2, err := os.Open("testdata/malformed_2022.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	got, err = Parse(f2, "malformed_2022.csv", func(r loaders.Reject) error { rejects = append(rejects, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want = []rej{
		{3, "indicator_value", "not a valid md5"},
		{4, "indicator_type", `unknown indicator_type "registry_key"`},
		{5, "indicator_value", "domain_name is not a domain"},
		{6, "indicator_value", "telegram_url is not a Telegram URL"},
	}
	if len(rejects) != len(want) {
		t.Fatalf("rejects = %+v, want %d", rejects, len(want))
	}
	for i, w := range want {
		r := rejects[i]
		if r.Line != w.line || r.Column != w.column || !strings.Contains(r.Reason, w.reason) {
			t.Errorf("reject %d = %+v, want line %d column %q reason %q", i, r, w.line, w.column, w.reason)
		}
	}
	if len(got.Assets) != 1 || got.Assets[0].Key != "web:good.example.com" || len(got.Indicators) != 1 ||
		got.Indicators[0].Value != strings.ToLower("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855") || got.Blank != 1 {
		t.Errorf("parsed = %+v", got)
	}
}

// A reject callback's error stops the parse: the loader's way to give up
// after too many bad rows.
func TestRejectCallbackStops(t *testing.T) {
	f, err := os.Open("testdata/malformed_ttp.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stop := errors.New("too many")
	_, err = Parse(f, "malformed_ttp.csv", func(loaders.Reject) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("error = %v, want the callback's", err)
	}
}

// A zip holding several network files gives one File per member, each named
// after its member.
func TestParseFileZip(t *testing.T) {
	src, err := os.ReadFile("testdata/malformed_2022.csv")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "release.zip")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, name := range []string{"Q1_2023/Q1_2023 China-based_CIB network_1.csv", "Q1_2023/Q1_2023_ Iran-based_CIB_network.csv"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(src)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	files, err := ParseFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range files {
		ids = append(ids, f.Operation.ID)
	}
	if fmt.Sprint(ids) != "[meta:q1-2023-china-based-cib-network-1 meta:q1-2023-iran-based-cib-network]" {
		t.Errorf("ids = %v", ids)
	}
}

// TestSummary prints per-file totals with -v, for checking a load end to end.
func TestSummary(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("run with -v to print per-file totals")
	}
	files, _ := parseAll(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	total := map[string]int{}
	for _, n := range names {
		f := files[n]
		by := map[string]int{}
		keys := map[string]bool{}
		for _, a := range f.Assets {
			by[string(a.Platform)+"/"+string(a.Kind)]++
			keys[a.Key] = true
			total[string(a.Platform)+"/"+string(a.Kind)]++
		}
		var parts []string
		for k, v := range by {
			parts = append(parts, fmt.Sprintf("%s=%d", k, v))
		}
		sort.Strings(parts)
		counted := 0
		for _, c := range f.Counts {
			counted += c.N
		}
		t.Logf("%-48s assets=%d (keys %d) [%s] counts=%d (sum %d) facts=%d indicators=%d ttps=%d rejects=%d blank=%d",
			f.Operation.ID, len(f.Assets), len(keys), strings.Join(parts, " "), len(f.Counts), counted,
			len(f.Facts), len(f.Indicators), len(f.TTPs), f.Rejects, f.Blank)
		total["assets"] += len(f.Assets)
		total["counts"] += len(f.Counts)
		total["facts"] += len(f.Facts)
		total["indicators"] += len(f.Indicators)
		total["ttps"] += len(f.TTPs)
		total["rejects"] += f.Rejects
	}
	t.Logf("totals: %v", total)
}
