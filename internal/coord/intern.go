package coord

import (
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"slices"
	"strings"
)

// interner numbers distinct strings in order of first appearance. It is a
// map from a 64-bit hash of the string rather than from the string: lookups
// in a map of integers probe smaller slots and never compare strings, which
// made interning the largest part of a run's time. It stays exact: on a hash
// hit the string is compared with the one that took the hash, and a
// different string (a collision, about one in 10^7 runs of a million ids)
// goes to a map keyed by the string itself.
type interner struct {
	seed  maphash.Seed
	ids   map[uint64]int32
	names []string
	other map[string]int32
}

func newInterner(size int) *interner {
	return &interner{seed: maphash.MakeSeed(), ids: make(map[uint64]int32, size), names: make([]string, 0, size)}
}

func (t *interner) id(s string) int32 {
	h := maphash.String(t.seed, s)
	i, ok := t.ids[h]
	if !ok {
		i = int32(len(t.names))
		t.ids[h] = i
		t.names = append(t.names, s)
		return i
	}
	if t.names[i] == s {
		return i
	}
	if j, ok := t.other[s]; ok {
		return j
	}
	if t.other == nil {
		t.other = map[string]int32{}
	}
	j := int32(len(t.names))
	t.other[s] = j
	t.names = append(t.names, s)
	return j
}

// lookup returns the id of a string already interned.
func (t *interner) lookup(s string) (int32, bool) {
	if i, ok := t.ids[maphash.String(t.seed, s)]; ok && t.names[i] == s {
		return i, true
	}
	i, ok := t.other[s]
	return i, ok
}

// hashedRow is one row's string hash and the row.
type hashedRow struct {
	h uint64
	r int32
}

// internRows numbers the distinct strings of n rows, str(r) being row r's,
// and returns every row's id and how many ids there are, appending the
// strings by id to names unless it is nil. It is for strings whose
// ids need no lookup afterwards and whose numbering order does not matter
// (objects are ranked by their bytes later; content ids are only compared):
// instead of a map lookup per row, which misses the cache on almost every row
// once there are millions of distinct strings, the rows are radix-sorted by
// a 64-bit hash of their string, and every run of equal hashes is one id. It
// stays exact: a run whose strings differ (a hash collision) is split by
// string.
func internRows(n int, hash func(string) uint64, str func(r int) string, names *[]string) (ids []int32, distinct int) {
	rows := make([]hashedRow, n)
	var count [8][256]int
	for r := range rows {
		h := hash(str(r))
		rows[r] = hashedRow{h, int32(r)}
		for d := range 8 {
			count[d][byte(h>>(8*d))]++
		}
	}
	// Least significant byte first; each pass is stable, so the rows end up
	// ordered by the whole hash. A byte that every row shares needs no pass.
	tmp := make([]hashedRow, n)
	for d := range 8 {
		c := &count[d]
		if n == 0 || c[byte(rows[0].h>>(8*d))] == n {
			continue
		}
		pos, sum := [256]int{}, 0
		for b := range 256 {
			pos[b], sum = sum, sum+c[b]
		}
		for _, x := range rows {
			b := byte(x.h >> (8 * d))
			tmp[pos[b]] = x
			pos[b]++
		}
		rows, tmp = tmp, rows
	}
	tmp = nil
	// Every run of equal hashes gets an id, named by its first row. Reading
	// the strings in hash order would visit them at random, so they are
	// checked afterwards in row order, in which they lie in memory.
	ids = make([]int32, n)
	var rep []int32 // each id's first row
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && rows[hi].h == rows[lo].h {
			hi++
		}
		id := int32(len(rep))
		rep = append(rep, rows[lo].r)
		for _, x := range rows[lo:hi] {
			ids[x.r] = id
		}
		lo = hi
	}
	rows = nil
	if names != nil {
		*names = slices.Grow(*names, len(rep))
		for _, r := range rep {
			*names = append(*names, str(int(r)))
		}
	}
	var other map[string]int32 // strings whose hash an earlier string took
	for r := range n {
		first := rep[ids[r]]
		if first == int32(r) {
			continue
		}
		s := str(r)
		if names != nil {
			if s == (*names)[ids[r]] { // the names lie together in memory
				continue
			}
		} else if s == str(int(first)) {
			continue
		}
		j, ok := other[s]
		if !ok {
			if other == nil {
				other = map[string]int32{}
			}
			j = int32(len(rep))
			rep = append(rep, int32(r))
			other[s] = j
			if names != nil {
				*names = append(*names, s)
			}
		}
		ids[r] = j
	}
	return ids, len(rep)
}

// byteRanks returns each string's rank in byte order. The strings are
// sorted by their first 16 bytes read as two big-endian integers (padded
// with zero bytes), which orders them as their bytes do wherever those
// differ, and only strings whose first 16 bytes tie are compared whole:
// comparing strings through a slice of indices visits them at random, and it
// was the largest cost of a 560,000-share run's setup.
func byteRanks(names []string) []int32 {
	type key struct {
		hi, lo uint64
		i      int32
	}
	keys := make([]key, len(names))
	for i, s := range names {
		var b [16]byte
		copy(b[:], s)
		keys[i] = key{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:]), int32(i)}
	}
	slices.SortFunc(keys, func(x, y key) int {
		if c := cmp.Compare(x.hi, y.hi); c != 0 {
			return c
		}
		return cmp.Compare(x.lo, y.lo)
	})
	ranks := make([]int32, len(names))
	for lo := 0; lo < len(keys); {
		hi := lo + 1
		for hi < len(keys) && keys[hi].hi == keys[lo].hi && keys[hi].lo == keys[lo].lo {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(keys[lo:hi], func(x, y key) int { return strings.Compare(names[x.i], names[y.i]) })
		}
		lo = hi
	}
	for r, k := range keys {
		ranks[k.i] = int32(r)
	}
	return ranks
}
