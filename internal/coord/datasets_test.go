package coord

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The two data sets shipped with CooRTweet 2.1.3, converted to CSV (see
// /work/shared/datasets/coortweet/SOURCES.md).
const (
	russianCSV = "../../demo/coortweet/russian_coord_tweets.csv.gz"
	germanCSV  = "../../demo/coortweet/german_elections.csv.gz"
)

func readCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("dataset not available: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	rows, err := csv.NewReader(zr).ReadAll()
	if err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return rows
}

// seconds parses a unix-seconds cell into milliseconds.
func seconds(tb testing.TB, v string) int64 {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n * 1000
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		tb.Fatalf("bad timestamp %q: %v", v, err)
	}
	return int64(math.Round(f * 1000))
}

func column(tb testing.TB, header []string, name string) int {
	i := slices.Index(header, name)
	if i < 0 {
		tb.Fatalf("column %q missing from %v", name, header)
	}
	return i
}

// russianShares is russian_coord_tweets as is (object_id, account_id,
// content_id, timestamp_share).
func russianShares(tb testing.TB) []Share {
	rows := readCSV(tb, russianCSV)
	h := rows[0]
	o, a, c, ts := column(tb, h, "object_id"), column(tb, h, "account_id"), column(tb, h, "content_id"), column(tb, h, "timestamp_share")
	out := make([]Share, 0, len(rows)-1)
	for _, r := range rows[1:] {
		out = append(out, Share{Object: r[o], Account: r[a], Content: r[c], TimeMs: seconds(tb, r[ts])})
	}
	return out
}

// germanGroups follows CooRTweet's reproduce_examples vignette: one table
// per object type with content_id = post_id, deduplicated by (object,
// account, content, timestamp), empty objects dropped, object ids prefixed
// ("url_", domains also "url_", "hashtag_", "hash_"). Names are url, domain,
// hashtag, image.
func germanGroups(tb testing.TB) ([]string, [][]Share) {
	rows := readCSV(tb, germanCSV)
	h := rows[0]
	acc, post, ts := column(tb, h, "account_id"), column(tb, h, "post_id"), column(tb, h, "timestamp")
	types := []struct{ name, col, prefix string }{
		{"url", "url_id", "url_"}, {"domain", "domain_id", "url_"},
		{"hashtag", "hashtag_id", "hashtag_"}, {"image", "phash_id", "hash_"},
	}
	var names []string
	var groups [][]Share
	for _, ty := range types {
		col := column(tb, h, ty.col)
		g := make([]Share, 0, len(rows))
		for _, r := range rows[1:] {
			obj := r[col]
			if obj != "" {
				obj = ty.prefix + obj
			}
			g = append(g, Share{Object: obj, Account: r[acc], Content: r[post], TimeMs: seconds(tb, r[ts])})
		}
		names = append(names, ty.name)
		groups = append(groups, Prepare(g))
	}
	return names, groups
}

// compareAccounts checks AccountStat against the reference pairs: degree,
// distinct content ids per account over kept (fast) pairs, and R's
// unique()-then-mean of the incident edges' (avg_time_delta, symmetry).
func compareAccounts(t *testing.T, res Result, groups [][]Share, p Params) {
	t.Helper()
	shares := map[string]map[string]bool{}
	fast := map[string]map[string]bool{}
	add := func(m map[string]map[string]bool, a, c string) {
		if m[a] == nil {
			m[a] = map[string]bool{}
		}
		m[a][c] = true
	}
	for _, g := range groups {
		for _, q := range refDetectGroup(g, p) {
			add(shares, q.a, q.c)
			add(shares, q.ay, q.cy)
			if q.fast {
				add(fast, q.a, q.c)
				add(fast, q.ay, q.cy)
			}
		}
	}
	type row struct{ td, sym float64 }
	rows := map[string]map[row]bool{}
	deg := map[string]int{}
	for _, e := range res.Edges {
		for _, a := range []string{e.A, e.B} {
			if rows[a] == nil {
				rows[a] = map[row]bool{}
			}
			rows[a][row{e.AvgTimeDeltaSeconds, e.Symmetry}] = true
			deg[a]++
		}
	}
	if len(res.Accounts) != len(rows) {
		t.Errorf("accounts: got %d, want %d", len(res.Accounts), len(rows))
	}
	bad := 0
	for _, a := range res.Accounts {
		var td, sym float64
		for r := range rows[a.Account] {
			td += r.td
			sym += r.sym
		}
		n := float64(len(rows[a.Account]))
		if a.Degree != deg[a.Account] || a.UniqueShares != len(shares[a.Account]) || a.FastUniqueShares != len(fast[a.Account]) ||
			!closeTo(a.AvgTimeDeltaSeconds, td/n) || !closeTo(a.AvgEdgeSymmetry, sym/n) {
			if bad++; bad <= 3 {
				t.Errorf("account %+v: want degree %d shares %d fast %d avg %v sym %v", a, deg[a.Account],
					len(shares[a.Account]), len(fast[a.Account]), td/n, sym/n)
			}
		}
	}
}

func TestRussianDataset(t *testing.T) {
	shares := russianShares(t)
	if len(shares) != 35125 {
		t.Fatalf("%d rows, want 35125", len(shares))
	}
	for _, c := range []struct {
		window, fast time.Duration
		mode         Mode
	}{
		{30 * time.Second, 10 * time.Second, ModeCoorTweet},
		{60 * time.Second, 10 * time.Second, ModeCoorTweet},
		{60 * time.Second, 0, ModeNative},
	} {
		t.Run(fmt.Sprintf("%v_fast%v_%s", c.window, c.fast, c.mode), func(t *testing.T) {
			p := params(c.window, c.fast)
			p.Mode = c.mode
			res, err := Detect(shares, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Edges) == 0 {
				t.Fatal("no edges")
			}
			compareWithRef(t, res, [][]Share{shares}, p)
			compareAccounts(t, res, [][]Share{shares}, p)
			t.Logf("%d shares -> %d kept, %d pairs (%d fast), %d edges, %d nodes, threshold %v",
				res.InputShares, res.KeptShares, res.Pairs, res.FastPairs, len(res.Edges), len(res.Accounts), res.Threshold)
		})
	}
}

func TestGermanDataset(t *testing.T) {
	names, groups := germanGroups(t)
	for _, window := range []time.Duration{30 * time.Second, 60 * time.Second} {
		p := params(window, 10*time.Second)
		for i, g := range groups {
			t.Run(fmt.Sprintf("%s_%v", names[i], window), func(t *testing.T) {
				res, err := Detect(g, p)
				if err != nil {
					t.Fatal(err)
				}
				compareWithRef(t, res, [][]Share{g}, p)
				t.Logf("%d shares -> %d kept, %d pairs (%d fast), %d edges, threshold %v",
					res.InputShares, res.KeptShares, res.Pairs, res.FastPairs, len(res.Edges), res.Threshold)
			})
		}
		// combined_results: rbind of the four detect_groups results.
		t.Run(fmt.Sprintf("combined_%v", window), func(t *testing.T) {
			res, err := DetectGroups(groups, p)
			if err != nil {
				t.Fatal(err)
			}
			compareWithRef(t, res, groups, p)
			compareAccounts(t, res, groups, p)
			t.Logf("%d shares -> %d kept, %d pairs (%d fast), %d edges, %d nodes, threshold %v",
				res.InputShares, res.KeptShares, res.Pairs, res.FastPairs, len(res.Edges), len(res.Accounts), res.Threshold)
		})
	}
	// The vignette's threshold example: Facebook URL shares, 60 s, then
	// flag_speed_share at 10 s.
	var fb []Share
	for _, s := range groups[0] {
		if strings.Contains(s.Account, "fb") {
			fb = append(fb, s)
		}
	}
	p := params(60*time.Second, 10*time.Second)
	res, err := Detect(fb, p)
	if err != nil {
		t.Fatal(err)
	}
	compareWithRef(t, res, [][]Share{fb}, p)
	t.Logf("fb urls: %d edges, %d above threshold %v, %d fast", len(res.Edges), len(AboveThresholdEdges(res.Edges)), res.Threshold, res.FastPairs)
}

// TestViralObjectMemory: 100,000 shares of one object, one per second by
// 1,000 rotating accounts, 2 s window. A pair table would hold 5*10^9 pairs
// for the object; the sliding window sees 199,997 pairs and the network has
// 2,000 edges. Allocation is bounded generously at 64 MB (a pair list would
// need tens of GB).
func TestViralObjectMemory(t *testing.T) {
	const n, accounts = 100_000, 1_000
	shares := make([]Share, n)
	for i := range shares {
		shares[i] = Share{Object: "viral", Account: fmt.Sprintf("acc%04d", i%accounts), Content: fmt.Sprintf("c%06d", i), TimeMs: int64(i) * 1000}
	}
	p := params(2*time.Second, time.Second)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := Detect(shares, p)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %.1f MB for %d shares, %d pairs, %d edges", float64(alloc)/1e6, n, res.Pairs, len(res.Edges))
	if alloc > 64<<20 {
		t.Errorf("allocated %d bytes", alloc)
	}
	// Pairs (i, i+1) and (i, i+2): 99,999 + 99,998. Edges k-(k+1) and
	// k-(k+2) mod 1000; most have 100 pairs, the wrap-around ones 99 or 100.
	if res.Pairs != 199_997 || len(res.Edges) != 2*accounts || res.FastPairs != 99_999 {
		t.Errorf("pairs %d, edges %d, fast %d", res.Pairs, len(res.Edges), res.FastPairs)
	}
	if len(res.Objects) != 1 || res.Objects[0].Pairs != 199_997 || res.Objects[0].PairAccounts != accounts {
		t.Errorf("object stat %+v", res.Objects)
	}
}

func benchmarkDetect(b *testing.B, groups [][]Share, p Params) {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var res Result
	for b.Loop() {
		var err error
		if res, err = DetectGroups(groups, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "shares/s")
	b.ReportMetric(float64(res.Pairs), "pairs")
	b.ReportMetric(float64(len(res.Edges)), "edges")
}

func BenchmarkDetectRussian(b *testing.B) {
	shares := russianShares(b)
	for _, w := range []time.Duration{30 * time.Second, 60 * time.Second} {
		b.Run(w.String(), func(b *testing.B) { benchmarkDetect(b, [][]Share{shares}, params(w, 10*time.Second)) })
	}
}

func BenchmarkDetectGerman(b *testing.B) {
	_, groups := germanGroups(b)
	for _, w := range []time.Duration{30 * time.Second, 60 * time.Second} {
		b.Run(w.String(), func(b *testing.B) { benchmarkDetect(b, groups, params(w, 10*time.Second)) })
	}
}

func BenchmarkDetectViral(b *testing.B) {
	shares := make([]Share, 100_000)
	for i := range shares {
		shares[i] = Share{Object: "viral", Account: fmt.Sprintf("acc%04d", i%1000), Content: fmt.Sprintf("c%06d", i), TimeMs: int64(i) * 1000}
	}
	benchmarkDetect(b, [][]Share{shares}, params(2*time.Second, time.Second))
}

// BenchmarkDetectRelease is the shape of a generated release's retweets at
// the size of the 560k benchmark case (bench/README.md): many objects with a
// handful of retweets each, a few viral ones, 20,000 accounts, every content
// id a distinct tweet id.
// It times what the CLI runs (edges only), without Neo4j, so changes to
// detection can be compared in isolation.
func BenchmarkDetectRelease(b *testing.B) {
	const n, accounts, objects = 560_000, 20_000, 60_000
	rng := rand.New(rand.NewPCG(1, 2))
	names := make([]string, accounts)
	for a := range names {
		names[a] = fmt.Sprintf("%064x", a*2654435761)
	}
	// Rows grouped by account, as the store reads them, each string
	// allocated in row order, as the driver decodes them.
	acc := make([]int, n)
	for i := range acc {
		acc[i] = rng.IntN(accounts)
	}
	slices.Sort(acc)
	shares := make([]Share, n)
	for i := range shares {
		o := rng.IntN(objects)
		if rng.IntN(50) == 0 {
			o = rng.IntN(50) // viral
		}
		base := int64(1_565_000_000_000) + int64(o)*3_600_000
		shares[i] = Share{
			Object:  strconv.FormatInt(1_160_000_000_000_000_000+int64(o)*7919, 10),
			Account: names[acc[i]],
			Content: strconv.FormatInt(1_162_000_000_000_000_000+int64(i)*104729, 10),
			TimeMs:  base + rng.Int64N(3_600_000),
		}
	}
	p := params(60*time.Second, 0)
	p.EdgesOnly = true
	benchmarkDetect(b, [][]Share{shares}, p)
}
