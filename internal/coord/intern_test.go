package coord

import (
	"hash/maphash"
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
