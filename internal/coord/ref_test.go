package coord

import (
	"math"
	"sort"
	"testing"
)

// This file is an independent, deliberately naive transcription of
// CooRTweet's R code (do_detect_groups, calc_group_combinations,
// do_remove_loops, filter_min_participation, flag_speed_share,
// generate_coordinated_network) used as the oracle for Detect: it builds the
// full pair table per object with an O(n^2) loop, exactly like the R
// self-join, and aggregates with maps.

type refPair struct {
	obj, c, cy, a, ay string
	delta             int64 // ms; signed until oriented
	fast              bool
}

type refEdge struct {
	a, b                    string
	pairs                   int
	sumMs                   int64
	nc, ncy                 map[string]bool
	objs                    map[string]bool
	fPairs                  int
	fSumMs                  int64
	fnc, fncy, fobjs        map[string]bool
	weight, fastWeight      int
	above, fastAbove, fast  bool
	avg, fastAvg, sym, fsym float64
}

// refFilterMinParticipation is filter_min_participation(x, result, mp).
func refFilterMinParticipation(x []Share, pairs []refPair, mp int) []refPair {
	contentIDs := map[string]bool{}
	for _, p := range pairs {
		contentIDs[p.c] = true
		contentIDs[p.cy] = true
	}
	count := map[string]int{}
	for _, s := range x {
		if contentIDs[s.Content] {
			count[s.Account]++
		}
	}
	filt := map[string]bool{}
	for _, s := range x {
		if contentIDs[s.Content] && count[s.Account] >= mp {
			filt[s.Content] = true
		}
	}
	var out []refPair
	for _, p := range pairs {
		if filt[p.c] || filt[p.cy] {
			out = append(out, p)
		}
	}
	return out
}

// refDetectGroup is detect_groups followed by flag_speed_share on one group.
func refDetectGroup(x []Share, p Params) []refPair {
	w := p.Window.Milliseconds()
	mp := p.MinParticipation
	// x[, if (.N >= mp) .SD, by = account_id]: accounts in order of first
	// appearance, rows in input order.
	count := map[string]int{}
	var accOrder []string
	byAcc := map[string][]Share{}
	for _, s := range x {
		if count[s.Account] == 0 {
			accOrder = append(accOrder, s.Account)
		}
		count[s.Account]++
		byAcc[s.Account] = append(byAcc[s.Account], s)
	}
	var x1 []Share
	for _, a := range accOrder {
		if count[a] >= mp {
			x1 = append(x1, byAcc[a]...)
		}
	}
	// by = object_id keeps x1's order within each object.
	var objOrder []string
	byObj := map[string][]Share{}
	for _, s := range x1 {
		if _, ok := byObj[s.Object]; !ok {
			objOrder = append(objOrder, s.Object)
		}
		byObj[s.Object] = append(byObj[s.Object], s)
	}
	var pairs []refPair
	for _, o := range objOrder {
		rows := byObj[o]
		for xi := 0; xi < len(rows); xi++ { // X row: smaller id
			for ii := xi + 1; ii < len(rows); ii++ { // i row: larger id
				d := rows[xi].TimeMs - rows[ii].TimeMs
				if d <= w && -d <= w {
					pairs = append(pairs, refPair{obj: o, c: rows[xi].Content, cy: rows[ii].Content,
						a: rows[xi].Account, ay: rows[ii].Account, delta: d})
				}
			}
		}
	}
	if p.RemoveLoops {
		var kept []refPair
		for _, q := range pairs {
			if q.obj != q.c && q.obj != q.cy && q.c != q.cy && q.a != q.ay {
				kept = append(kept, q)
			}
		}
		pairs = kept
	}
	if mp >= 1 {
		pairs = refFilterMinParticipation(x1, pairs, mp)
	}
	for k := range pairs {
		q := &pairs[k]
		if q.delta > 0 {
			q.c, q.cy, q.a, q.ay = q.cy, q.c, q.ay, q.a
		}
		if q.delta < 0 {
			q.delta = -q.delta
		}
	}
	if p.FastWindow > 0 {
		f := p.FastWindow.Milliseconds()
		var upd []refPair
		for _, q := range pairs {
			if q.delta <= f {
				upd = append(upd, q)
			}
		}
		// flag_speed_share is called with the caller's x, not x1.
		upd = refFilterMinParticipation(x, upd, mp)
		match := map[[2]string]bool{}
		for _, q := range upd {
			match[[2]string{q.c, q.cy}] = true
		}
		for k := range pairs {
			pairs[k].fast = match[[2]string{pairs[k].c, pairs[k].cy}]
		}
	}
	return pairs
}

// refQuantile7 is type 7 written the textbook way: x[lo] + h*(x[hi]-x[lo]).
func refQuantile7(x []float64, p float64) float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	h := float64(len(s)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(s) {
		return s[lo]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

// refNetwork is generate_coordinated_network over the rbind of the groups'
// pair tables.
func refNetwork(groups [][]Share, p Params) map[[2]string]*refEdge {
	var pairs []refPair
	for _, g := range groups {
		pairs = append(pairs, refDetectGroup(g, p)...)
	}
	edges := map[[2]string]*refEdge{}
	for _, q := range pairs {
		a, b := q.a, q.ay
		if a > b {
			a, b = b, a
		}
		e := edges[[2]string{a, b}]
		if e == nil {
			e = &refEdge{a: a, b: b, nc: map[string]bool{}, ncy: map[string]bool{}, objs: map[string]bool{},
				fnc: map[string]bool{}, fncy: map[string]bool{}, fobjs: map[string]bool{}}
			edges[[2]string{a, b}] = e
		}
		e.pairs++
		e.sumMs += q.delta
		e.nc[q.c] = true
		e.ncy[q.cy] = true
		e.objs[q.obj] = true
		if q.fast {
			e.fPairs++
			e.fSumMs += q.delta
			e.fnc[q.c] = true
			e.fncy[q.cy] = true
			e.fobjs[q.obj] = true
		}
	}
	var ws, fws []float64
	for _, e := range edges {
		e.weight, e.fastWeight = e.pairs, e.fPairs
		if p.Mode == ModeNative {
			e.weight, e.fastWeight = len(e.objs), len(e.fobjs)
		}
		e.avg = float64(e.sumMs) / 1000 / float64(e.pairs)
		e.sym = float64(min(len(e.nc), len(e.ncy))) / float64(max(len(e.nc), len(e.ncy)))
		ws = append(ws, float64(e.weight))
		if e.fPairs > 0 {
			e.fast = true
			e.fastAvg = float64(e.fSumMs) / 1000 / float64(e.fPairs)
			e.fsym = float64(min(len(e.fnc), len(e.fncy))) / float64(max(len(e.fnc), len(e.fncy)))
			fws = append(fws, float64(e.fastWeight))
		}
	}
	if len(ws) > 0 {
		q := refQuantile7(ws, p.EdgeWeight)
		for _, e := range edges {
			e.above = float64(e.weight) > q
		}
	}
	if len(fws) > 0 {
		q := refQuantile7(fws, p.EdgeWeight)
		for _, e := range edges {
			e.fastAbove = e.fast && float64(e.fastWeight) > q
		}
	}
	return edges
}

func closeTo(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b))
}

// compareWithRef checks every edge attribute of got against the oracle.
func compareWithRef(t *testing.T, got Result, groups [][]Share, p Params) {
	t.Helper()
	want := refNetwork(groups, p)
	if len(got.Edges) != len(want) {
		t.Errorf("edges: got %d, want %d", len(got.Edges), len(want))
	}
	bad := 0
	for i, e := range got.Edges {
		if i > 0 && !(got.Edges[i-1].A < e.A || got.Edges[i-1].A == e.A && got.Edges[i-1].B < e.B) {
			t.Errorf("edges not sorted at %d", i)
		}
		r := want[[2]string{e.A, e.B}]
		if r == nil {
			t.Errorf("unexpected edge %s-%s", e.A, e.B)
			bad++
			continue
		}
		ok := e.Weight == r.weight && e.Pairs == r.pairs && closeTo(e.AvgTimeDeltaSeconds, r.avg) &&
			e.NContent == len(r.nc) && e.NContentY == len(r.ncy) && closeTo(e.Symmetry, r.sym) &&
			e.AboveThreshold == r.above && e.NObjects == len(r.objs) &&
			e.Fast == r.fast && e.FastWeight == r.fastWeight && e.FastPairs == r.fPairs &&
			closeTo(e.FastAvgTimeDeltaSeconds, r.fastAvg) && e.FastNContent == len(r.fnc) &&
			e.FastNContentY == len(r.fncy) && closeTo(e.FastSymmetry, r.fsym) && e.FastAboveThreshold == r.fastAbove
		if !ok {
			bad++
			if bad <= 5 {
				t.Errorf("edge %s-%s:\n got  %+v\n want w=%d pairs=%d avg=%v nc=%d ncy=%d sym=%v above=%v nobj=%d fast=%v fw=%d fp=%d favg=%v fnc=%d fncy=%d fsym=%v fabove=%v",
					e.A, e.B, e, r.weight, r.pairs, r.avg, len(r.nc), len(r.ncy), r.sym, r.above, len(r.objs),
					r.fast, r.fastWeight, r.fPairs, r.fastAvg, len(r.fnc), len(r.fncy), r.fsym, r.fastAbove)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d edges differ from the reference", bad, len(got.Edges))
	}
}
