package coord

import (
	"hash/maphash"
	"slices"
	"testing"
)

// A hash collision must not merge two ids. Collisions of 64-bit hashes are
// too rare to meet in a test, so one is planted: "b" is made to hash to the
// slot "a" holds.
func TestInternerKeepsCollidingStringsApart(t *testing.T) {
	in := newInterner(0)
	a := in.id("a")
	in.ids[maphash.String(in.seed, "b")] = a
	b := in.id("b")
	c := in.id("c")
	if a == b || b == c || a == c {
		t.Fatalf("ids a=%d b=%d c=%d, want three different", a, b, c)
	}
	for s, want := range map[string]int32{"a": a, "b": b, "c": c} {
		if got := in.id(s); got != want {
			t.Errorf("id(%q) again = %d, want %d", s, got, want)
		}
		if got, ok := in.lookup(s); !ok || got != want {
			t.Errorf("lookup(%q) = %d, %v, want %d", s, got, ok, want)
		}
		if in.names[want] != s {
			t.Errorf("names[%d] = %q, want %q", want, in.names[want], s)
		}
	}
	if _, ok := in.lookup("d"); ok {
		t.Error("lookup found a string never interned")
	}
}

// internRows must give equal strings equal ids and different strings
// different ids, whatever the hash does: with a hash that maps everything to
// a few values every run of equal hashes holds several strings.
func TestInternRowsNumbersDistinctStrings(t *testing.T) {
	seed := maphash.MakeSeed()
	rows := []string{"b", "a", "c", "a", "", "b", "d", "c", "a", "e", ""}
	for name, hash := range map[string]func(string) uint64{
		"maphash":    func(s string) uint64 { return maphash.String(seed, s) },
		"collisions": func(s string) uint64 { return uint64(len(s)) },
		"one value":  func(string) uint64 { return 7 << 40 },
		"high bytes": func(s string) uint64 { return maphash.String(seed, s) &^ 0xffffffff },
	} {
		t.Run(name, func(t *testing.T) {
			var names []string
			ids, n := internRows(len(rows), hash, func(r int) string { return rows[r] }, &names)
			if n != 6 || len(names) != 6 {
				t.Fatalf("%d names %q, want the 6 distinct strings", len(names), names)
			}
			byName := map[string]int32{}
			for r, s := range rows {
				if names[ids[r]] != s {
					t.Errorf("row %d %q got id %d, which names %q", r, s, ids[r], names[ids[r]])
				}
				if id, ok := byName[s]; ok && id != ids[r] {
					t.Errorf("%q got ids %d and %d", s, id, ids[r])
				}
				byName[s] = ids[r]
			}
			if len(byName) != len(names) {
				t.Errorf("%d strings share %d ids", len(byName), len(names))
			}
		})
	}
	if ids, n := internRows(0, nil, nil, nil); len(ids) != 0 || n != 0 {
		t.Errorf("no rows gave %v, %d", ids, n)
	}
	// Without names only the ids come back, numbered the same way.
	ids, n := internRows(len(rows), func(s string) uint64 { return uint64(len(s)) }, func(r int) string { return rows[r] }, nil)
	if n != 6 || ids[1] != ids[3] || ids[1] != ids[8] || ids[0] == ids[1] || ids[4] != ids[10] {
		t.Errorf("without names: %d ids %v", n, ids)
	}
}

// byteRanks must order as strings.Compare does, including strings that tie
// on their first 16 bytes, prefixes of each other, and zero bytes (which
// look like the padding of shorter strings).
func TestByteRanksFollowByteOrder(t *testing.T) {
	names := []string{
		"1160000000000000123", "1160000000000000122", "116000000000000012", "", "\x00", "\x00\x00",
		"a", "a\x00", "a\x00b", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnoo", "b",
		"é", "e\xff", "0123456789abcdef\x00", "0123456789abcdef",
	}
	ranks := byteRanks(names)
	sorted := slices.Clone(names)
	slices.Sort(sorted)
	for i, s := range names {
		if sorted[ranks[i]] != s {
			t.Errorf("%q ranked %d, where byte order has %q", s, ranks[i], sorted[ranks[i]])
		}
	}
}
