package coord

import (
	"cmp"
	"hash/maphash"
	"math"
	"math/big"
	"slices"
	"strings"
	"sync"
)

// engine holds one Detect call's state; nothing is shared between calls.
type engine struct {
	p      Params
	wMs    int64 // Window in whole milliseconds
	fMs    int64 // FastWindow in whole milliseconds
	fast   bool
	native bool

	accIdx   *interner
	accNames []string
	nCon     int
	objNames []string
	objRank  []int32 // byte-order rank of each object id

	// multi marks content ids on more than one rule-1 row (over all groups):
	// only their distinct counts need the seen set.
	multi []bool
	seen  map[seenKey]struct{}

	edgeMap  map[uint64]int32
	edges    []edgeAcc
	fastAccs []fastAcc // per edge, when fast
	evidence [][]int32 // per edge, when Params.MaxEvidence > 0

	// shareKeys and fastShareKeys collect account<<32|content of every row
	// on a kept (fast) pair, for unique_shares_count.
	shareKeys, fastShareKeys []uint64
	objStats                 []ObjectStat

	inputShares, keptShares, pairs, fastPairs int
}

// seenKey is one (edge, content id, side) combination already counted.
type seenKey struct {
	edge, con int32
	side      uint8
}

const (
	sideOlder uint8 = iota
	sideNewer
	sideFastOlder
	sideFastNewer
)

// edgeAcc accumulates one account pair. The last* fields are stamps: the
// global row (or object segment) that last touched the edge, which makes
// distinct counting free for content ids that occur on a single row.
type edgeAcc struct {
	a, b int32

	pairs, sumMs         int64
	nc, ncy              int32
	lastOlder, lastNewer int32
	nObj, lastSeg        int32
}

// fastAcc is an edge's fast network (FastWindow), in a slice of its own
// indexed like the edges and kept only when there is a fast window: a run
// holds millions of edges, and the smaller the element the less appending
// them copies.
type fastAcc struct {
	fPairs, fSumMs         int64
	fnc, fncy              int32
	fLastOlder, fLastNewer int32
	fNObj, fLastSeg        int32
}

// group is one detect_groups input after rule 1, rows sorted by
// (object rank, time, rule-1 order).
type group struct {
	obj, acc, con []int32
	t             []int64
	loop          []bool // object id == content id
	base          int32  // global id of row 0
	segs          []segment
	segBase       int32 // global id of segment 0

	keep, keepFast []bool // K of rule 4, per content id
	incons         []bool // content ids with several timestamps (nil if none)
	fastSet        map[[2]int32]struct{}
}

type segment struct{ lo, hi int32 }

// inRow is one input row with its ids, before rule 1.
type inRow struct {
	t             int64
	obj, acc, con int32
	loop          bool // object id == content id
}

func newEngine(p Params) *engine {
	return &engine{
		p:       p,
		wMs:     p.Window.Milliseconds(),
		fMs:     p.FastWindow.Milliseconds(),
		fast:    p.FastWindow > 0,
		native:  p.Mode == ModeNative,
		edgeMap: map[uint64]int32{},
		seen:    map[seenKey]struct{}{},
	}
}

func (e *engine) run(input [][]Share) Result {
	// Intern every id first so that object ranks and per-content slices are
	// global.
	total := 0
	for _, shares := range input {
		total += len(shares)
	}
	// Rows are numbered across groups; row r is at(r).
	at := func(r int) *Share { return &input[0][r] }
	if len(input) > 1 {
		flat := make([]*Share, 0, total)
		for _, shares := range input {
			for i := range shares {
				flat = append(flat, &shares[i])
			}
		}
		at = func(r int) *Share { return flat[r] }
	}
	e.inputShares = total
	// Interning is most of a large run's time. The three id sets are
	// independent, so each is built by its own goroutine. Objects and
	// content ids, millions of distinct strings in a large release, are
	// numbered by sorting hashes (internRows); accounts, which are few and
	// must be looked up again (seeds), by the map interner in input order.
	seed := maphash.MakeSeed()
	hash := func(s string) uint64 { return maphash.String(seed, s) }
	// One row's fields lie side by side: ordering a group reads the rows
	// at random, one cache line a row instead of five.
	all := make([]inRow, total)
	var (
		wg             sync.WaitGroup
		objIDs, conIDs []int32
		objNames       []string
		nCon           int
	)
	accs := newInterner(total / 16)
	wg.Add(3)
	go func() {
		defer wg.Done()
		objIDs, _ = internRows(total, hash, func(r int) string { return at(r).Object }, &objNames)
	}()
	go func() {
		defer wg.Done()
		// only the ids are needed from here on
		conIDs, nCon = internRows(total, hash, func(r int) string { return at(r).Content }, nil)
	}()
	go func() {
		defer wg.Done()
		// Rows come grouped by account (the store reads them so), and a
		// string equal to the previous row's, usually the very same one,
		// compares without hashing.
		prev, prevID := "", int32(-1)
		for r := range all {
			s := at(r)
			if prevID < 0 || s.Account != prev {
				prev, prevID = s.Account, accs.id(s.Account)
			}
			all[r].acc, all[r].t, all[r].loop = prevID, s.TimeMs, s.Object == s.Content
		}
	}()
	wg.Wait()
	for r := range all {
		all[r].obj, all[r].con = objIDs[r], conIDs[r]
	}
	objIDs, conIDs = nil, nil
	raws := make([][]inRow, len(input))
	off := 0
	for gi, shares := range input {
		end := off + len(shares)
		raws[gi] = all[off:end:end]
		off = end
	}
	e.objNames, e.accIdx, e.accNames = objNames, accs, accs.names
	e.nCon = nCon
	e.objRank = byteRanks(e.objNames)

	// Rule 1 per group, then sort each group into object segments.
	groups := make([]*group, len(raws))
	var base, segBase int32
	accCount := make([]int32, len(e.accNames))
	accFirst := make([]int32, len(e.accNames))
	conRows := make([]int32, e.nCon)
	objCount := make([]int32, len(e.objNames)+1)
	for gi, r := range raws {
		for i := range accFirst {
			accFirst[i] = -1
			accCount[i] = 0
		}
		nAcc := int32(0)
		for _, x := range r {
			a := x.acc
			accCount[a]++
			if accFirst[a] < 0 {
				accFirst[a] = nAcc
				nAcc++
			}
		}
		idx := e.objectOrder(r, accCount, accFirst, objCount)
		g := &group{
			obj:     make([]int32, len(idx)),
			acc:     make([]int32, len(idx)),
			con:     make([]int32, len(idx)),
			t:       make([]int64, len(idx)),
			loop:    make([]bool, len(idx)),
			base:    base,
			segBase: segBase,
		}
		for k, i := range idx {
			x := &r[i]
			g.obj[k], g.acc[k], g.con[k], g.t[k], g.loop[k] = x.obj, x.acc, x.con, x.t, x.loop
			conRows[x.con]++
		}
		for lo := 0; lo < len(idx); {
			hi := lo + 1
			for hi < len(idx) && g.obj[hi] == g.obj[lo] {
				hi++
			}
			g.segs = append(g.segs, segment{int32(lo), int32(hi)})
			lo = hi
		}
		base += int32(len(idx))
		segBase += int32(len(g.segs))
		e.keptShares += len(idx)
		groups[gi] = g
		raws[gi] = nil
	}
	e.multi = make([]bool, e.nCon)
	for c, n := range conRows {
		e.multi[c] = n > 1
	}

	for _, g := range groups {
		e.detect(g)
	}
	return e.finish()
}

// objectOrder returns rule 1's rows of one group (those of accounts with at
// least MinParticipation rows) in detection order: object by byte-order rank,
// then time, then the account's first appearance, then input order, which
// breaks time ties like R. The rows are first distributed by object rank in
// one counting pass (stable, so input order survives), and only each object's
// few rows are sorted by comparison: a comparison sort of all rows was the
// largest single cost of a 10 M-tweet run after interning.
func (e *engine) objectOrder(rows []inRow, accCount, accFirst, objCount []int32) []int32 {
	clear(objCount)
	n := 0
	for i := range rows {
		if int(accCount[rows[i].acc]) >= e.p.MinParticipation {
			objCount[e.objRank[rows[i].obj]+1]++
			n++
		}
	}
	for r := 1; r < len(objCount); r++ {
		objCount[r] += objCount[r-1]
	}
	idx := make([]int32, n)
	for i := range rows {
		if int(accCount[rows[i].acc]) >= e.p.MinParticipation {
			r := e.objRank[rows[i].obj]
			idx[objCount[r]] = int32(i)
			objCount[r]++
		}
	}
	// objCount[r] is now the end of rank r's rows, and the start of rank r+1's.
	byTime := func(x, y int32) int {
		if c := cmp.Compare(rows[x].t, rows[y].t); c != 0 {
			return c
		}
		if c := cmp.Compare(accFirst[rows[x].acc], accFirst[rows[y].acc]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	}
	for lo := 0; lo < n; {
		hi := int(objCount[e.objRank[rows[idx[lo]].obj]])
		if seg := idx[lo:hi]; !slices.IsSortedFunc(seg, byTime) {
			slices.SortFunc(seg, byTime)
		}
		lo = hi
	}
	return idx
}

// forward calls fn for every pair i < j of one object segment with
// t[j]-t[i] <= w; all pairs of row i (as the older side) come consecutively.
func (g *group) forward(w int64, fn func(seg int, i, j int32)) {
	for s, sg := range g.segs {
		for i := sg.lo; i < sg.hi; i++ {
			ti := g.t[i]
			for j := i + 1; j < sg.hi && g.t[j]-ti <= w; j++ {
				fn(s, i, j)
			}
		}
	}
}

// backward enumerates the same pairs grouped by the newer row j.
func (g *group) backward(w int64, fn func(seg int, i, j int32)) {
	for s, sg := range g.segs {
		for j := sg.lo; j < sg.hi; j++ {
			tj := g.t[j]
			for i := j - 1; i >= sg.lo && tj-g.t[i] <= w; i-- {
				fn(s, i, j)
			}
		}
	}
}

// noLoop is rule 3.
func (e *engine) noLoop(g *group, i, j int32) bool {
	if !e.p.RemoveLoops {
		return true
	}
	return !g.loop[i] && !g.loop[j] && g.con[i] != g.con[j] && g.acc[i] != g.acc[j]
}

func (e *engine) kept(g *group, i, j int32) bool {
	return e.noLoop(g, i, j) && (g.keep[g.con[i]] || g.keep[g.con[j]])
}

// participation is filter_min_participation: given the content ids on the
// surviving pairs, count the group's rows with those content ids per account
// and return the content ids of the rows of accounts reaching the minimum.
func (e *engine) participation(g *group, onPair []bool) []bool {
	cnt := make([]int32, len(e.accNames))
	for k, c := range g.con {
		if onPair[c] {
			cnt[g.acc[k]]++
		}
	}
	keep := make([]bool, e.nCon)
	for k, c := range g.con {
		if onPair[c] && int(cnt[g.acc[k]]) >= e.p.MinParticipation {
			keep[c] = true
		}
	}
	return keep
}

// isFast is flag_speed_share for a kept pair: within FastWindow and passing
// rule 4 again, or — for content ids with several timestamps — sharing its
// oriented content ids with such a pair elsewhere (R joins on content ids).
func (e *engine) isFast(g *group, i, j int32) bool {
	if !e.fast {
		return false
	}
	ci, cj := g.con[i], g.con[j]
	if g.t[j]-g.t[i] <= e.fMs && (g.keepFast[ci] || g.keepFast[cj]) {
		return true
	}
	if g.incons != nil && (g.incons[ci] || g.incons[cj]) {
		_, ok := g.fastSet[[2]int32{ci, cj}]
		return ok
	}
	return false
}

func (e *engine) edgeOf(a, b int32) int32 {
	if a > b {
		a, b = b, a
	}
	key := uint64(uint32(a))<<32 | uint64(uint32(b))
	if i, ok := e.edgeMap[key]; ok {
		return i
	}
	i := int32(len(e.edges))
	e.edgeMap[key] = i
	e.edges = append(e.edges, edgeAcc{a: a, b: b, lastOlder: -1, lastNewer: -1, lastSeg: -1})
	if e.fast {
		e.fastAccs = append(e.fastAccs, fastAcc{fLastOlder: -1, fLastNewer: -1, fLastSeg: -1})
	}
	if e.p.MaxEvidence > 0 {
		e.evidence = append(e.evidence, nil)
	}
	return i
}

// firstSeen reports whether (edge, content, side) is counted for the first
// time; content ids on a single row are always new here because the stamp
// check before the call already removed repeats of that row.
func (e *engine) firstSeen(edge, con int32, side uint8) bool {
	if !e.multi[con] {
		return true
	}
	k := seenKey{edge, con, side}
	if _, ok := e.seen[k]; ok {
		return false
	}
	e.seen[k] = struct{}{}
	return true
}

// detect runs the passes over one group.
func (e *engine) detect(g *group) {
	// Pass 1: content ids on pairs that survive rule 3 (rule 4's set).
	onPair := make([]bool, e.nCon)
	g.forward(e.wMs, func(_ int, i, j int32) {
		if e.noLoop(g, i, j) {
			onPair[g.con[i]] = true
			onPair[g.con[j]] = true
		}
	})
	g.keep = e.participation(g, onPair)

	if e.fast {
		// Pass 2: flag_speed_share's rule 4 over kept pairs within FastWindow.
		clear(onPair)
		g.forward(e.fMs, func(_ int, i, j int32) {
			if e.kept(g, i, j) {
				onPair[g.con[i]] = true
				onPair[g.con[j]] = true
			}
		})
		g.keepFast = e.participation(g, onPair)

		// Content ids with several timestamps make R's content-id join reach
		// across pairs; remember their qualifying oriented pairs.
		firstT := make([]int64, e.nCon)
		seenC := make([]bool, e.nCon)
		var incons []bool
		for k, c := range g.con {
			if !seenC[c] {
				seenC[c], firstT[c] = true, g.t[k]
			} else if firstT[c] != g.t[k] {
				if incons == nil {
					incons = make([]bool, e.nCon)
				}
				incons[c] = true
			}
		}
		if incons != nil {
			g.incons = incons
			g.fastSet = map[[2]int32]struct{}{}
			g.forward(e.fMs, func(_ int, i, j int32) {
				ci, cj := g.con[i], g.con[j]
				if (incons[ci] || incons[cj]) && e.kept(g, i, j) && (g.keepFast[ci] || g.keepFast[cj]) {
					g.fastSet[[2]int32{ci, cj}] = struct{}{}
				}
			})
		}
	}

	// Pass 3: aggregate kept pairs by their older row.
	onKept := make([]bool, len(g.con))
	onFast := make([]bool, len(g.con))
	segPairs := make([]int32, len(g.segs))
	segFast := make([]int32, len(g.segs))
	maxEv := e.p.MaxEvidence
	g.forward(e.wMs, func(s int, i, j int32) {
		if !e.kept(g, i, j) {
			return
		}
		ei := e.edgeOf(g.acc[i], g.acc[j])
		ed := &e.edges[ei]
		d := g.t[j] - g.t[i]
		row, seg := g.base+i, g.segBase+int32(s)
		ed.pairs++
		ed.sumMs += d
		if ed.lastOlder != row {
			ed.lastOlder = row
			if e.firstSeen(ei, g.con[i], sideOlder) {
				ed.nc++
			}
		}
		if ed.lastSeg != seg {
			ed.lastSeg = seg
			ed.nObj++
			if maxEv > 0 && len(e.evidence[ei]) < maxEv {
				e.evidence[ei] = append(e.evidence[ei], g.obj[i])
			}
		}
		onKept[i], onKept[j] = true, true
		segPairs[s]++
		if e.isFast(g, i, j) {
			fa := &e.fastAccs[ei]
			fa.fPairs++
			fa.fSumMs += d
			if fa.fLastOlder != row {
				fa.fLastOlder = row
				if e.firstSeen(ei, g.con[i], sideFastOlder) {
					fa.fnc++
				}
			}
			if fa.fLastSeg != seg {
				fa.fLastSeg = seg
				fa.fNObj++
			}
			onFast[i], onFast[j] = true, true
			segFast[s]++
		}
	})

	// Pass 4: newer-side distinct content ids, grouped by the newer row.
	g.backward(e.wMs, func(_ int, i, j int32) {
		if !e.kept(g, i, j) {
			return
		}
		ei := e.edgeOf(g.acc[i], g.acc[j])
		ed := &e.edges[ei]
		row := g.base + j
		if ed.lastNewer != row {
			ed.lastNewer = row
			if e.firstSeen(ei, g.con[j], sideNewer) {
				ed.ncy++
			}
		}
		if !e.isFast(g, i, j) {
			return
		}
		if fa := &e.fastAccs[ei]; fa.fLastNewer != row {
			fa.fLastNewer = row
			if e.firstSeen(ei, g.con[j], sideFastNewer) {
				fa.fncy++
			}
		}
	})

	for s := range g.segs {
		e.pairs += int(segPairs[s])
		e.fastPairs += int(segFast[s])
	}
	if e.p.EdgesOnly {
		return
	}
	// Per-row and per-object bookkeeping for AccountStat and ObjectStat.
	for k := range g.con {
		key := uint64(uint32(g.acc[k]))<<32 | uint64(uint32(g.con[k]))
		if onKept[k] {
			e.shareKeys = append(e.shareKeys, key)
		}
		if onFast[k] {
			e.fastShareKeys = append(e.fastShareKeys, key)
		}
	}
	stamp := make([]int32, len(e.accNames))
	for i := range stamp {
		stamp[i] = -1
	}
	for s, sg := range g.segs {
		if segPairs[s] == 0 {
			continue
		}
		st := ObjectStat{Object: e.objNames[g.obj[sg.lo]], Shares: int(sg.hi - sg.lo),
			Pairs: int(segPairs[s]), FastPairs: int(segFast[s])}
		for k := sg.lo; k < sg.hi; k++ {
			if stamp[g.acc[k]] != 2*int32(s) {
				stamp[g.acc[k]] = 2 * int32(s)
				st.Accounts++
			}
		}
		for k := sg.lo; k < sg.hi; k++ {
			if onKept[k] && stamp[g.acc[k]] != 2*int32(s)+1 {
				stamp[g.acc[k]] = 2*int32(s) + 1
				st.PairAccounts++
			}
		}
		e.objStats = append(e.objStats, st)
	}
}

func (e *engine) finish() Result {
	res := Result{InputShares: e.inputShares, KeptShares: e.keptShares, Pairs: e.pairs, FastPairs: e.fastPairs}
	// Edges come out sorted by (A, B), ordered through the accounts'
	// byte-order ranks (integer keys instead of two string comparisons per
	// step, same order), and are built in that order: building them first
	// and moving them afterwards cost a large run more than the sort.
	accRank := byteRanks(e.accNames)
	type edgeKey struct {
		key uint64
		i   int32
	}
	keys := make([]edgeKey, len(e.edges))
	for k := range e.edges {
		ra, rb := uint64(accRank[e.edges[k].a]), uint64(accRank[e.edges[k].b])
		keys[k] = edgeKey{min(ra, rb)<<32 | max(ra, rb), int32(k)}
	}
	slices.SortFunc(keys, func(x, y edgeKey) int { return cmp.Compare(x.key, y.key) })
	res.Edges = make([]Edge, len(e.edges))
	for k, ek := range keys {
		ed := &e.edges[ek.i]
		a, b := e.accNames[ed.a], e.accNames[ed.b]
		if a > b {
			a, b = b, a
		}
		out := Edge{
			A: a, B: b,
			Pairs:               int(ed.pairs),
			AvgTimeDeltaSeconds: meanSeconds(ed.sumMs, ed.pairs),
			NContent:            int(ed.nc),
			NContentY:           int(ed.ncy),
			Symmetry:            symmetry(ed.nc, ed.ncy),
			NObjects:            int(ed.nObj),
		}
		out.Weight = out.Pairs
		if e.native {
			out.Weight = int(ed.nObj)
		}
		if e.fast && e.fastAccs[ek.i].fPairs > 0 {
			fa := &e.fastAccs[ek.i]
			out.FastPairs, out.FastWeight = int(fa.fPairs), int(fa.fPairs)
			if e.native {
				out.FastWeight = int(fa.fNObj)
			}
			out.Fast = true
			out.FastAvgTimeDeltaSeconds = meanSeconds(fa.fSumMs, fa.fPairs)
			out.FastNContent, out.FastNContentY = int(fa.fnc), int(fa.fncy)
			out.FastSymmetry = symmetry(fa.fnc, fa.fncy)
		}
		if e.p.MaxEvidence > 0 && len(e.evidence[ek.i]) > 0 {
			ev := e.evidence[ek.i]
			out.Objects = make([]string, len(ev))
			for i, o := range ev {
				out.Objects[i] = e.objNames[o]
			}
			slices.Sort(out.Objects)
			out.Objects = slices.Compact(out.Objects)
		}
		res.Edges[k] = out
	}
	e.edges, e.fastAccs, e.evidence, e.edgeMap, e.seen = nil, nil, nil, nil, nil

	weights := make([]float64, 0, len(res.Edges))
	var fastWeights []float64
	for _, ed := range res.Edges {
		weights = append(weights, float64(ed.Weight))
		if ed.Fast {
			fastWeights = append(fastWeights, float64(ed.FastWeight))
		}
	}
	if len(weights) > 0 {
		res.Threshold = Quantile7(weights, e.p.EdgeWeight)
	}
	if len(fastWeights) > 0 {
		res.FastThreshold = Quantile7(fastWeights, e.p.EdgeWeight)
	}
	for k := range res.Edges {
		ed := &res.Edges[k]
		ed.AboveThreshold = len(weights) > 0 && float64(ed.Weight) > res.Threshold
		ed.FastAboveThreshold = ed.Fast && float64(ed.FastWeight) > res.FastThreshold
	}

	if e.p.EdgesOnly {
		return res
	}
	res.Accounts = e.accountStats(res.Edges)
	slices.SortFunc(e.objStats, func(x, y ObjectStat) int { return strings.Compare(x.Object, y.Object) })
	res.Objects = e.objStats
	return res
}

// accountStats is account_stats for weight_threshold "none" and "full", plus
// the share counts for "fast".
func (e *engine) accountStats(edges []Edge) []AccountStat {
	type tdSym struct{ td, sym float64 }
	all := map[string][]tdSym{}
	flagged := map[string][]tdSym{}
	for _, ed := range edges {
		v := tdSym{ed.AvgTimeDeltaSeconds, ed.Symmetry}
		for _, acc := range [2]string{ed.A, ed.B} {
			all[acc] = append(all[acc], v)
			if ed.AboveThreshold {
				flagged[acc] = append(flagged[acc], v)
			}
		}
	}
	uniqueCounts := func(keys []uint64) map[int32]int {
		slices.Sort(keys)
		keys = slices.Compact(keys)
		out := map[int32]int{}
		for _, k := range keys {
			out[int32(k>>32)]++
		}
		return out
	}
	shares := uniqueCounts(e.shareKeys)
	fastShares := uniqueCounts(e.fastShareKeys)
	e.shareKeys, e.fastShareKeys = nil, nil

	// R: unique(reshaped) before the mean, so equal (td, sym) rows of one
	// account count once.
	means := func(vs []tdSym) (float64, float64) {
		slices.SortFunc(vs, func(x, y tdSym) int {
			if c := cmp.Compare(x.td, y.td); c != 0 {
				return c
			}
			return cmp.Compare(x.sym, y.sym)
		})
		vs = slices.Compact(vs)
		td := make([]float64, len(vs))
		sym := make([]float64, len(vs))
		for i, v := range vs {
			td[i], sym[i] = v.td, v.sym
		}
		return exactMean(td), exactMean(sym)
	}
	out := make([]AccountStat, 0, len(all))
	for acc, vs := range all {
		id, _ := e.accIdx.lookup(acc)
		st := AccountStat{Account: acc, Degree: len(vs), UniqueShares: shares[id], FastUniqueShares: fastShares[id]}
		st.AvgTimeDeltaSeconds, st.AvgEdgeSymmetry = means(vs)
		if fv := flagged[acc]; len(fv) > 0 {
			st.FlaggedDegree = len(fv)
			st.FlaggedAvgTimeDeltaSeconds, st.FlaggedAvgEdgeSymmetry = means(fv)
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(x, y AccountStat) int { return strings.Compare(x.Account, y.Account) })
	return out
}

// meanSeconds is sumMs/n in seconds, rounded once: both operands are exact
// integers in float64, so this is the correctly rounded mean R's long-double
// mean also produces.
func meanSeconds(sumMs, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(sumMs) / float64(n*1000)
}

func symmetry(a, b int32) float64 {
	lo, hi := min(a, b), max(a, b)
	if hi == 0 {
		return 0
	}
	return float64(lo) / float64(hi)
}

// Quantile7 is R's quantile(x, p) with the default type 7, computed with R's
// operation order so that thresholds compare bit-for-bit. It returns NaN for
// an empty x and does not modify x.
func Quantile7(x []float64, p float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	index := 1 + float64(n-1)*p
	lo := math.Floor(index)
	hi := math.Ceil(index)
	qs := s[int(lo)-1]
	xhi := s[int(hi)-1]
	if index > lo && xhi != qs {
		h := index - lo
		// Explicit conversions forbid fusing into an FMA, which R does not use.
		qs = float64((1-h)*qs) + float64(h*xhi)
	}
	return qs
}

// exactMean is the correctly rounded mean of x (0 for none): the sum is exact
// in big.Float, so the result does not depend on the order of x, matching R's
// long-double mean on the small sets account_stats averages.
func exactMean(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	sum := new(big.Float).SetPrec(2048)
	for _, v := range x {
		sum.Add(sum, new(big.Float).SetFloat64(v))
	}
	q := new(big.Float).SetPrec(53).Quo(sum, new(big.Float).SetInt64(int64(len(x))))
	f, _ := q.Float64()
	return f
}
