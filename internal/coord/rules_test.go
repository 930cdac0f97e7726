package coord

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/apperr"
)

// s builds a share with the time in seconds, as in CooRTweet's data.
func s(obj, acc, con string, sec int64) Share {
	return Share{Object: obj, Account: acc, Content: con, TimeMs: sec * 1000}
}

func params(window, fast time.Duration) Params {
	p := DefaultParams()
	p.Window, p.FastWindow = window, fast
	return p
}

// want is an edge's expected attributes, worked out by hand per case.
type want struct {
	a, b       string
	weight     int
	avg        float64
	nc, ncy    int
	sym        float64
	above      bool
	fastWeight int
	fastAvg    float64
}

func checkEdges(t *testing.T, res Result, wants []want) {
	t.Helper()
	if len(res.Edges) != len(wants) {
		t.Fatalf("got %d edges %+v, want %d", len(res.Edges), res.Edges, len(wants))
	}
	for i, w := range wants {
		e := res.Edges[i]
		if e.A != w.a || e.B != w.b || e.Weight != w.weight || e.AvgTimeDeltaSeconds != w.avg ||
			e.NContent != w.nc || e.NContentY != w.ncy || e.Symmetry != w.sym || e.AboveThreshold != w.above ||
			e.FastWeight != w.fastWeight || e.FastAvgTimeDeltaSeconds != w.fastAvg || e.Fast != (w.fastWeight > 0) {
			t.Errorf("edge %d:\n got  %+v\n want %+v", i, e, w)
		}
	}
}

func TestRules(t *testing.T) {
	noLoops := params(10*time.Second, 0)
	noLoops.RemoveLoops = false
	mp3 := params(10*time.Second, 0)
	mp3.MinParticipation = 3

	cases := []struct {
		name   string
		shares []Share
		p      Params
		want   []want
	}{
		{
			// Rule 1: C has one row and is dropped before pairing, so the
			// A-C and B-C pairs on o1 never exist. A-B pairs: o1 (5 s), o2
			// (3 s) -> weight 2, avg 4, older {a1,a2}, newer {b1,b2}.
			// Threshold: quantile([2]) = 2, 2 > 2 is false.
			name: "rule1 drops accounts below min participation",
			shares: []Share{
				s("o1", "A", "a1", 0), s("o1", "B", "b1", 5), s("o2", "A", "a2", 100),
				s("o2", "B", "b2", 103), s("o1", "C", "c1", 6),
			},
			p:    params(10*time.Second, 0),
			want: []want{{a: "A", b: "B", weight: 2, avg: 4, nc: 2, ncy: 2, sym: 1}},
		},
		{
			// Rule 1 counts duplicate rows: C's duplicated row gives it 2
			// rows. o1 rows A@0 B@5 C@6 C@6: A-C twice (6 s), B-C twice (1 s),
			// C-C has equal content ids (rule 3). Rule 4 counts C's two
			// duplicate rows too. Weights [2,2,2] -> q = 2, nothing above.
			name: "rule1 counts duplicate rows",
			shares: []Share{
				s("o1", "A", "a1", 0), s("o1", "B", "b1", 5), s("o2", "A", "a2", 100),
				s("o2", "B", "b2", 103), s("o1", "C", "c1", 6), s("o1", "C", "c1", 6),
			},
			p: params(10*time.Second, 0),
			want: []want{
				{a: "A", b: "B", weight: 2, avg: 4, nc: 2, ncy: 2, sym: 1},
				{a: "A", b: "C", weight: 2, avg: 6, nc: 1, ncy: 1, sym: 1},
				{a: "B", b: "C", weight: 2, avg: 1, nc: 1, ncy: 1, sym: 1},
			},
		},
		{
			// Rule 2 is inclusive in milliseconds: 10.000 s apart is in a
			// 10 s window (o1), 10.001 s is not (o2), so A-B has one pair
			// from o1 and one from o3 (2 s): avg 6.
			name: "rule2 window is inclusive",
			shares: []Share{
				{"o1", "A", "a1", 0}, {"o1", "B", "b1", 10_000},
				{"o2", "A", "a2", 0}, {"o2", "B", "b2", 10_001},
				{"o3", "A", "a3", 0}, {"o3", "B", "b3", 2_000},
			},
			p:    params(10*time.Second, 0),
			want: []want{{a: "A", b: "B", weight: 2, avg: 6, nc: 2, ncy: 2, sym: 1}},
		},
		{
			// Rule 3: on o1 A's content is the object itself (the original
			// tweet) so A-B and A-C vanish; on o2 B and C share the same
			// content id; on o3 A shares twice. Only B-C on o1 (1 s) and A-B
			// on o4 (2 s) remain.
			name: "rule3 removes loops",
			shares: []Share{
				s("o1", "A", "o1", 0), s("o1", "B", "b1", 3), s("o1", "C", "c1", 4),
				s("o2", "B", "x", 10), s("o2", "C", "x", 11),
				s("o3", "A", "a3", 20), s("o3", "A", "a4", 21),
				s("o4", "A", "a5", 30), s("o4", "B", "b5", 32),
			},
			p: params(10*time.Second, 0),
			want: []want{
				{a: "A", b: "B", weight: 1, avg: 2, nc: 1, ncy: 1, sym: 1},
				{a: "B", b: "C", weight: 1, avg: 1, nc: 1, ncy: 1, sym: 1},
			},
		},
		{
			// Same rows with RemoveLoops off: o1 A-B (3 s), A-C (4 s), B-C
			// (1 s); o2 B-C (1 s, same content x both sides); o3 A-A (1 s,
			// a self-loop); o4 A-B (2 s). B-C: 2 pairs, older {b1, x}, newer
			// {c1, x}. Weights [1,1,2,2] -> q = 1.5: B-C and A-B above.
			name: "rule3 off keeps self loops",
			shares: []Share{
				s("o1", "A", "o1", 0), s("o1", "B", "b1", 3), s("o1", "C", "c1", 4),
				s("o2", "B", "x", 10), s("o2", "C", "x", 11),
				s("o3", "A", "a3", 20), s("o3", "A", "a4", 21),
				s("o4", "A", "a5", 30), s("o4", "B", "b5", 32),
			},
			p: noLoops,
			want: []want{
				{a: "A", b: "A", weight: 1, avg: 1, nc: 1, ncy: 1, sym: 1},
				{a: "A", b: "B", weight: 2, avg: 2.5, nc: 2, ncy: 2, sym: 1, above: true},
				{a: "A", b: "C", weight: 1, avg: 4, nc: 1, ncy: 1, sym: 1},
				{a: "B", b: "C", weight: 2, avg: 1, nc: 2, ncy: 2, sym: 1, above: true},
			},
		},
		{
			// Rule 4. Every account has 2 rows (rule 1 passes).
			// Pairs after rule 3: o1 A-B (a1,b1), o2 B-C (b2,c2), o4 D-E
			// (d4,e4), o7 F-G (p1,g1). Set = {a1,b1,b2,c2,d4,e4,p1,g1}.
			// Rows with those contents per account: A 1 (a9 is not on a
			// pair), B 2, C 1, D 1, E 1, F 2 (post p1 is also on o8: every
			// row with the content id counts), G 1. Kept content ids: b1, b2,
			// p1. A-B and B-C survive through B (the OR), F-G through F, D-E
			// is dropped although D and E passed rule 1.
			name: "rule4 min participation on paired content, OR by content id",
			shares: []Share{
				s("o1", "A", "a1", 0), s("o9", "A", "a9", 1000),
				s("o1", "B", "b1", 5), s("o2", "B", "b2", 50),
				s("o2", "C", "c2", 52), s("o3", "C", "c3", 500),
				s("o4", "D", "d4", 0), s("o5", "D", "d5", 0),
				s("o4", "E", "e4", 3), s("o6", "E", "e6", 900),
				s("o7", "F", "p1", 0), s("o8", "F", "p1", 0),
				s("o7", "G", "g1", 2), s("o10", "G", "g2", 700),
			},
			p: params(10*time.Second, 0),
			want: []want{
				{a: "A", b: "B", weight: 1, avg: 5, nc: 1, ncy: 1, sym: 1},
				{a: "B", b: "C", weight: 1, avg: 2, nc: 1, ncy: 1, sym: 1},
				{a: "F", b: "G", weight: 1, avg: 2, nc: 1, ncy: 1, sym: 1},
			},
		},
		{
			// Rule 4 with min participation 3: A-B has 2 pairs, so each
			// account has only 2 rows on pairs -> nothing survives, even
			// though both accounts have 3 rows (rule 1).
			name: "rule4 drops all when no account reaches the minimum",
			shares: []Share{
				s("o1", "A", "a1", 0), s("o1", "B", "b1", 1), s("o2", "A", "a2", 0),
				s("o2", "B", "b2", 1), s("o3", "A", "a3", 0), s("o4", "B", "b4", 1),
			},
			p:    mp3,
			want: nil,
		},
		{
			// Rule 5: time decides the older side regardless of input order:
			// B's share on o1 comes first in the input but is newer. Older
			// side: a1 (o1), a2 (o2) -> nc 2; newer b1,b2 -> ncy 2.
			name: "rule5 orients by time",
			shares: []Share{
				s("o1", "B", "b1", 9), s("o1", "A", "a1", 1),
				s("o2", "A", "a2", 0), s("o2", "B", "b2", 3),
			},
			p:    params(10*time.Second, 0),
			want: []want{{a: "A", b: "B", weight: 2, avg: 5.5, nc: 2, ncy: 2, sym: 1}},
		},
		{
			// Rule 5 ties: rule 1 regroups rows by account in order of first
			// appearance (B first), so on both oX and oW B's row is older,
			// although on oW A's row comes first in the input. Older side
			// {bX} (B's post bX is on both objects) -> nc 1; newer {aX, aW}
			// -> ncy 2; symmetry 0.5. Following input order instead would
			// give nc 2.
			name: "rule5 ties follow rule-1 order",
			shares: []Share{
				s("oX", "B", "bX", 0), s("oX", "A", "aX", 0),
				s("oW", "A", "aW", 0), s("oW", "B", "bX", 0),
			},
			p:    params(10*time.Second, 0),
			want: []want{{a: "A", b: "B", weight: 2, avg: 0, nc: 1, ncy: 2, sym: 0.5}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Detect(c.shares, c.p)
			if err != nil {
				t.Fatal(err)
			}
			checkEdges(t, res, c.want)
			compareWithRef(t, res, [][]Share{c.shares}, c.p)
		})
	}
}

// network is a hand-made table whose edge weights are [5, 2, 2, 1]:
// A-B on p1..p5 (1 s each), A-C on q1,q2 (2 s), C-D on r1,r2 (3 s), D-E on
// s1 (4 s); E's second row is alone on s9. Rule 4: E has 1 row on a pair but
// D has 3, so D-E survives through D.
func network() []Share {
	var out []Share
	for _, o := range []string{"p1", "p2", "p3", "p4", "p5"} {
		out = append(out, s(o, "A", "a"+o, 0), s(o, "B", "b"+o, 1))
	}
	for _, o := range []string{"q1", "q2"} {
		out = append(out, s(o, "A", "a"+o, 0), s(o, "C", "c"+o, 2))
	}
	for _, o := range []string{"r1", "r2"} {
		out = append(out, s(o, "C", "c"+o, 0), s(o, "D", "d"+o, 3))
	}
	return append(out, s("s1", "D", "ds1", 0), s("s1", "E", "es1", 4), s("s9", "E", "es9", 0))
}

func TestNetworkAttributes(t *testing.T) {
	// Type-7 quantiles of [1,2,2,5], by hand: index = 1 + 3p.
	// p=0: x[1]=1 -> A-B, A-C, C-D above. p=0.25: index 1.75 -> 0.25*1 +
	// 0.75*2 = 1.75. p=0.5: index 2.5, x[2]=x[3]=2 -> 2 -> only A-B.
	// p=0.75: index 3.25 -> 0.75*2 + 0.25*5 = 2.75. p=1: 5 -> none.
	for _, c := range []struct {
		q         float64
		threshold float64
		above     []string
	}{
		{0, 1, []string{"A-B", "A-C", "C-D"}},
		{0.25, 1.75, []string{"A-B", "A-C", "C-D"}},
		{0.5, 2, []string{"A-B"}},
		{0.75, 2.75, []string{"A-B"}},
		{1, 5, nil},
	} {
		p := params(10*time.Second, 0)
		p.EdgeWeight = c.q
		res, err := Detect(network(), p)
		if err != nil {
			t.Fatal(err)
		}
		if res.Threshold != c.threshold {
			t.Errorf("q=%v: threshold %v, want %v", c.q, res.Threshold, c.threshold)
		}
		var above []string
		for _, e := range AboveThresholdEdges(res.Edges) {
			above = append(above, e.A+"-"+e.B)
		}
		if !slices.Equal(above, c.above) {
			t.Errorf("q=%v: above %v, want %v", c.q, above, c.above)
		}
		compareWithRef(t, res, [][]Share{network()}, p)
	}

	res, err := Detect(network(), params(10*time.Second, 0))
	if err != nil {
		t.Fatal(err)
	}
	checkEdges(t, res, []want{
		{a: "A", b: "B", weight: 5, avg: 1, nc: 5, ncy: 5, sym: 1, above: true},
		{a: "A", b: "C", weight: 2, avg: 2, nc: 2, ncy: 2, sym: 1},
		{a: "C", b: "D", weight: 2, avg: 3, nc: 2, ncy: 2, sym: 1},
		{a: "D", b: "E", weight: 1, avg: 4, nc: 1, ncy: 1, sym: 1},
	})
	// Nodes: accounts with at least one edge.
	if got := Nodes(res.Edges); !slices.Equal(got, []string{"A", "B", "C", "D", "E"}) {
		t.Errorf("nodes %v", got)
	}
	if got := Nodes(AboveThresholdEdges(res.Edges)); !slices.Equal(got, []string{"A", "B"}) {
		t.Errorf("subgraph nodes %v", got)
	}
	// 10 + 4 + 4 + 3 = 21 input rows, all kept by rule 1; 5+2+2+1 pairs.
	if res.InputShares != 21 || res.KeptShares != 21 || res.Pairs != 10 {
		t.Errorf("counts: input %d kept %d pairs %d", res.InputShares, res.KeptShares, res.Pairs)
	}
	// Account stats by hand. A: edges A-B (1 s, sym 1) and A-C (2 s, sym 1)
	// -> avg 1.5; content ids on pairs ap1..ap5, aq1, aq2 -> 7; flagged
	// (threshold 2): A-B only -> 1 s. E: D-E only, es1 -> 1 share.
	a := res.Accounts[0]
	if a.Account != "A" || a.Degree != 2 || a.UniqueShares != 7 || a.AvgTimeDeltaSeconds != 1.5 ||
		a.AvgEdgeSymmetry != 1 || a.FlaggedDegree != 1 || a.FlaggedAvgTimeDeltaSeconds != 1 {
		t.Errorf("account A: %+v", a)
	}
	e := res.Accounts[4]
	if e.Account != "E" || e.Degree != 1 || e.UniqueShares != 1 || e.AvgTimeDeltaSeconds != 4 || e.FlaggedDegree != 0 {
		t.Errorf("account E: %+v", e)
	}
	// Object stats: p1 has 2 shares by 2 accounts and 1 pair.
	if o := res.Objects[0]; o != (ObjectStat{Object: "p1", Shares: 2, Accounts: 2, Pairs: 1, PairAccounts: 2}) {
		t.Errorf("object p1: %+v", o)
	}
	if len(res.Objects) != 10 {
		t.Errorf("%d objects with pairs, want 10", len(res.Objects))
	}
}

func TestAccountStatsUniqueQuirk(t *testing.T) {
	// X-Y and X-Z both have avg 2 s and symmetry 1; X-W has 5 s. R's
	// unique() keeps (2,1) once: X's average is (2+5)/2 = 3.5, not 3.
	shares := []Share{
		s("u1", "X", "x1", 0), s("u1", "Y", "y1", 2), s("v1", "Y", "y2", 0),
		s("u2", "X", "x2", 0), s("u2", "Z", "z1", 2), s("v2", "Z", "z2", 0),
		s("u3", "X", "x3", 0), s("u3", "W", "w1", 5), s("v3", "W", "w2", 0),
	}
	res, err := Detect(shares, params(10*time.Second, 0))
	if err != nil {
		t.Fatal(err)
	}
	var x AccountStat
	for _, a := range res.Accounts {
		if a.Account == "X" {
			x = a
		}
	}
	if x.Degree != 3 || x.AvgTimeDeltaSeconds != 3.5 || x.UniqueShares != 3 {
		t.Errorf("X: %+v", x)
	}
}

func TestFastFlag(t *testing.T) {
	// Window 10 s, fast 3 s. A-B on f1 (1 s), f2 (2 s), f3 (8 s): fast
	// pairs f1, f2; rule 4 again: A and B each have 2 rows on fast pairs ->
	// FastWeight 2, fast avg 1.5. C-D on g1 (1 s) and g2 (9 s): g1 is within
	// 3 s but C and D have 1 row each on fast pairs -> not fast.
	// Weights [3, 2] -> q = 2.5: A-B above. Fast weights [2] -> q = 2.
	shares := []Share{
		s("f1", "A", "a1", 0), s("f1", "B", "b1", 1),
		s("f2", "A", "a2", 0), s("f2", "B", "b2", 2),
		s("f3", "A", "a3", 0), s("f3", "B", "b3", 8),
		s("g1", "C", "c1", 0), s("g1", "D", "d1", 1),
		s("g2", "C", "c2", 0), s("g2", "D", "d2", 9),
	}
	p := params(10*time.Second, 3*time.Second)
	res, err := Detect(shares, p)
	if err != nil {
		t.Fatal(err)
	}
	checkEdges(t, res, []want{
		{a: "A", b: "B", weight: 3, avg: 11.0 / 3, nc: 3, ncy: 3, sym: 1, above: true, fastWeight: 2, fastAvg: 1.5},
		{a: "C", b: "D", weight: 2, avg: 5, nc: 2, ncy: 2, sym: 1},
	})
	if res.FastThreshold != 2 || res.Edges[0].FastAboveThreshold || res.FastPairs != 2 {
		t.Errorf("fast threshold %v, above %v, pairs %d", res.FastThreshold, res.Edges[0].FastAboveThreshold, res.FastPairs)
	}
	if a := res.Accounts[0]; a.FastUniqueShares != 2 || a.UniqueShares != 3 {
		t.Errorf("A: %+v", a)
	}
	compareWithRef(t, res, [][]Share{shares}, p)

	// flag_speed_share joins on (content_id, content_id_y): post k1 of A is
	// on h1 at 0 s and on h2 at 20 s, B's post m1 at 2 s and 28 s. The h2
	// pair is 8 s apart but has the same oriented content pair (k1, m1) as
	// the fast h1 pair, so R flags it too: FastWeight 2, fast avg (2+8)/2.
	shares = []Share{
		s("h1", "A", "k1", 0), s("h1", "B", "m1", 2),
		s("h2", "A", "k1", 20), s("h2", "B", "m1", 28),
	}
	res, err = Detect(shares, p)
	if err != nil {
		t.Fatal(err)
	}
	checkEdges(t, res, []want{{a: "A", b: "B", weight: 2, avg: 5, nc: 1, ncy: 1, sym: 1, fastWeight: 2, fastAvg: 5}})
	compareWithRef(t, res, [][]Share{shares}, p)
}

func TestNativeMode(t *testing.T) {
	// n1: A shares three times (0,1,2 s), B once (3 s) -> 3 A-B pairs
	// (A-A pairs are loops); n2: A at 0, B at 5 -> 1 pair. CooRTweet weight
	// 4, native weight 2 (objects n1, n2). Both: avg (3+2+1+5)/4 = 2.75,
	// older {a1,a2,a3,a4} = 4, newer {b1,b2} = 2, symmetry 0.5.
	shares := []Share{
		s("n1", "A", "a1", 0), s("n1", "A", "a2", 1), s("n1", "A", "a3", 2), s("n1", "B", "b1", 3),
		s("n2", "A", "a4", 0), s("n2", "B", "b2", 5),
	}
	for _, c := range []struct {
		mode   Mode
		weight int
	}{{ModeCoorTweet, 4}, {ModeNative, 2}} {
		p := params(10*time.Second, 0)
		p.Mode = c.mode
		res, err := Detect(shares, p)
		if err != nil {
			t.Fatal(err)
		}
		checkEdges(t, res, []want{{a: "A", b: "B", weight: c.weight, avg: 2.75, nc: 4, ncy: 2, sym: 0.5}})
		if e := res.Edges[0]; e.Pairs != 4 || e.NObjects != 2 || !slices.Equal(e.Objects, []string{"n1", "n2"}) {
			t.Errorf("%s: pairs %d objects %d %v", c.mode, e.Pairs, e.NObjects, e.Objects)
		}
		compareWithRef(t, res, [][]Share{shares}, p)
	}
}

func TestEvidenceCap(t *testing.T) {
	p := params(10*time.Second, 0)
	p.MaxEvidence = 2
	res, err := Detect(network(), p)
	if err != nil {
		t.Fatal(err)
	}
	if e := res.Edges[0]; !slices.Equal(e.Objects, []string{"p1", "p2"}) || e.NObjects != 5 {
		t.Errorf("evidence %v of %d", e.Objects, e.NObjects)
	}
	p.MaxEvidence = 0
	res, _ = Detect(network(), p)
	if res.Edges[0].Objects != nil {
		t.Errorf("evidence with MaxEvidence 0: %v", res.Edges[0].Objects)
	}
}

func TestDetectGroupsCombines(t *testing.T) {
	// Two object types, as in CooRTweet's multi-modal example. Rule 1 runs
	// per type: C has one row in each type and is dropped from both (a
	// single Detect over the union would keep C). A-B pairs: url_1 (pA,pB,
	// 4 s), url_2 (pC,pD, 2 s), tag_1 (pA,pB, 4 s), tag_2 (pF,pG, 1 s):
	// weight 4, avg 11/4; posts pA and pB carry both a URL and a hashtag and
	// count once: older {pA,pC,pF}, newer {pB,pD,pG}.
	urls := []Share{s("url_1", "A", "pA", 0), s("url_1", "B", "pB", 4), s("url_1", "C", "pI", 5),
		s("url_2", "A", "pC", 50), s("url_2", "B", "pD", 52)}
	tags := []Share{s("tag_1", "A", "pA", 0), s("tag_1", "B", "pB", 4), s("tag_1", "C", "pJ", 5),
		s("tag_2", "A", "pF", 90), s("tag_2", "B", "pG", 91)}
	p := params(10*time.Second, 0)
	res, err := DetectGroups([][]Share{urls, tags}, p)
	if err != nil {
		t.Fatal(err)
	}
	checkEdges(t, res, []want{{a: "A", b: "B", weight: 4, avg: 2.75, nc: 3, ncy: 3, sym: 1}})
	compareWithRef(t, res, [][]Share{urls, tags}, p)
	pooled, err := Detect(append(slices.Clone(urls), tags...), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pooled.Edges) != 3 {
		t.Errorf("pooled detection should keep C: %d edges", len(pooled.Edges))
	}
}

func TestPrepare(t *testing.T) {
	in := []Share{s("o1", "A", "a", 1), s("", "A", "b", 1), s("o1", "A", "a", 1), s("o1", "A", "a", 2)}
	got := Prepare(in)
	if !slices.Equal(got, []Share{s("o1", "A", "a", 1), s("o1", "A", "a", 2)}) {
		t.Errorf("Prepare: %v", got)
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		mod  func(*Params)
	}{
		{"negative window", func(p *Params) { p.Window = -time.Second }},
		{"negative fast window", func(p *Params) { p.FastWindow = -time.Second }},
		{"fast window wider", func(p *Params) { p.FastWindow = p.Window + time.Second }},
		{"negative participation", func(p *Params) { p.MinParticipation = -1 }},
		{"quantile above 1", func(p *Params) { p.EdgeWeight = 1.5 }},
		{"quantile NaN", func(p *Params) { p.EdgeWeight = math.NaN() }},
		{"unknown mode", func(p *Params) { p.Mode = "fancy" }},
		{"negative evidence", func(p *Params) { p.MaxEvidence = -1 }},
	} {
		p := DefaultParams()
		c.mod(&p)
		_, err := Detect(nil, p)
		var ae *apperr.Error
		if err == nil || !errors.As(err, &ae) || ae.Kind != apperr.BadInput {
			t.Errorf("%s: got %v, want a BadInput error", c.name, err)
		}
	}
	res, err := Detect(nil, DefaultParams())
	if err != nil || len(res.Edges) != 0 || res.Threshold != 0 {
		t.Errorf("empty input: %+v, %v", res, err)
	}
}

func TestQuantile7(t *testing.T) {
	// Values R prints for quantile(x, p).
	for _, c := range []struct {
		x    []float64
		p, q float64
	}{
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{1, 2, 3, 4, 10}, 0.9, 7.6},
		{[]float64{1, 1, 1, 2}, 0.5, 1},
		{[]float64{7}, 0.3, 7},
		{[]float64{3, 1, 2}, 0, 1},
		{[]float64{3, 1, 2}, 1, 3},
	} {
		if got := Quantile7(c.x, c.p); math.Abs(got-c.q) > 1e-12 {
			t.Errorf("Quantile7(%v, %v) = %v, want %v", c.x, c.p, got, c.q)
		}
	}
	if !math.IsNaN(Quantile7(nil, 0.5)) {
		t.Error("empty quantile should be NaN")
	}
}

func TestComponentsAndLouvain(t *testing.T) {
	// Two triangles {a,b,c} and {d,e,f} joined by c-d, plus a separate pair
	// x-y. Louvain must split the triangles; modularity by hand: m = 8,
	// triangles: in = 6, tot = 7; pair: in = 2, tot = 2 ->
	// 2*(6/16 - (7/16)^2) + (2/16 - (2/16)^2) = 0.4765625.
	mk := func(a, b string) Edge { return Edge{A: a, B: b, Weight: 1} }
	edges := []Edge{mk("a", "b"), mk("a", "c"), mk("b", "c"), mk("c", "d"), mk("d", "e"), mk("d", "f"), mk("e", "f"), mk("x", "y")}
	comps := Components(edges)
	if len(comps) != 2 || !slices.Equal(comps[0], []string{"a", "b", "c", "d", "e", "f"}) || !slices.Equal(comps[1], []string{"x", "y"}) {
		t.Errorf("components %v", comps)
	}
	for seed := uint64(0); seed < 5; seed++ {
		comms, q := Louvain(edges, seed)
		if len(comms) != 3 || !slices.Equal(comms[0], []string{"a", "b", "c"}) || !slices.Equal(comms[1], []string{"d", "e", "f"}) ||
			!slices.Equal(comms[2], []string{"x", "y"}) {
			t.Errorf("seed %d: communities %v", seed, comms)
		}
		if math.Abs(q-0.4765625) > 1e-12 {
			t.Errorf("seed %d: modularity %v", seed, q)
		}
		again, q2 := Louvain(slices.Clone(edges), seed)
		if q2 != q || len(again) != len(comms) {
			t.Errorf("seed %d: not deterministic", seed)
		}
	}
	if c, q := Louvain(nil, 1); c != nil || q != 0 {
		t.Errorf("empty Louvain: %v %v", c, q)
	}
}

func TestWriteEdgeList(t *testing.T) {
	edges := []Edge{{A: "b", B: "c", Weight: 2}, {A: "a", B: "z", Weight: 1}, {A: "q,1", B: "a", Weight: 3}}
	var buf bytes.Buffer
	if err := WriteEdgeList(&buf, edges); err != nil {
		t.Fatal(err)
	}
	want := "account_a,account_b,weight\na,\"q,1\",3\na,z,1\nb,c,2\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
