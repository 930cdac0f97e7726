package coord

import "hash/maphash"

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
