package bulk

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Records spilt to many runs read back grouped by key, in key order, each
// key's payloads in the order of their seq, as an in-memory sort gives.
func TestSorterMergesRunsInOrder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		records int
		budget  int
	}{
		{"no records", 0, 1 << 16},
		{"one run", 100, 1 << 20},
		{"many runs", 20000, 1 << 16},
		{"several runs, read by one merge", 200000, 1 << 22},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSorter(t.TempDir(), "test", tc.budget)
			r := rand.New(rand.NewPCG(1, 2))
			want := map[string][]string{}
			for i := range tc.records {
				k := fmt.Sprintf("k%d", r.IntN(tc.records/10+1))
				p := fmt.Sprintf("p%d", i)
				want[k] = append(want[k], p)
				if err := s.add(k, uint64(i+1), []byte(p)); err != nil {
					t.Fatal(err)
				}
			}
			if tc.records > 1000 && len(s.runs) < 3 {
				t.Fatalf("%d records made %d runs; the test wants several", tc.records, len(s.runs))
			}
			runs := len(s.runs)
			if len(s.pile.recs) > 0 {
				runs++ // groups spills the last pile
			}
			var keys []string
			err := s.groups(func(k string, ps [][]byte) error {
				keys = append(keys, k)
				var got []string
				for _, p := range ps {
					got = append(got, string(p))
				}
				if !slices.Equal(got, want[k]) {
					return fmt.Errorf("key %s: payloads %v, want %v", k, got, want[k])
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// more runs than the budget reads at once are merged first,
			// fewer are not
			if fanIn := max(2, 2*s.budget/minRunBuffer); (s.merges > 0) != (runs > fanIn) {
				t.Fatalf("%d runs, %d read at once: %d merges before the last", runs, fanIn, s.merges)
			}
			if !slices.IsSorted(keys) || len(keys) != len(want) {
				t.Fatalf("%d keys (sorted: %v), want %d", len(keys), slices.IsSorted(keys), len(want))
			}
		})
	}
}

// percentileCont interpolates as Cypher's does.
func TestPercentileCont(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{4}, 4},
		{[]float64{1, 3}, 2},
		{[]float64{1, 2, 10}, 2},
		{[]float64{1, 2, 3, 10}, 2.5},
	} {
		if got := percentileCont(tc.in, 0.5); got != tc.want {
			t.Errorf("median of %v = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// Facts fold as the loader's statements do: ON CREATE only for the fact
// that creates the node, SET += for every other, a nil removing.
func TestPropsSetRemovesNil(t *testing.T) {
	cur := props{{"a", value{tag: tagString, s: "x"}}, {"b", value{tag: tagInt, i: 1}}}
	cur = cur.set(props{{"a", value{}}, {"c", value{tag: tagBool, i: 1}}})
	if _, ok := cur.get("a"); ok {
		t.Errorf("a nil value kept the property: %v", cur)
	}
	if v, _ := cur.get("b"); v.i != 1 {
		t.Errorf("an absent key changed b: %v", cur)
	}
	if v, ok := cur.get("c"); !ok || v.i != 1 {
		t.Errorf("c was not set: %v", cur)
	}
}

// Keys that agree in the words the sort compares first (long shared
// prefixes, shorter keys against their zero padding, NULs) come back in
// byte order all the same.
func TestSorterOrdersKeysPastTheirPrefix(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
	}{
		{"snowflakes", []string{"twitter:1134610510486962177", "twitter:1134610510486962176", "twitter:113461051048696217",
			"twitter:11346105104869621770", "twitter:1134610510486962177\x00twitter:9", "twitter:1134610510486962177\x00twitter:10"}},
		{"padding and NULs", []string{"", "a", "a\x00", "a\x00\x00", "a\x00b", "ab", "a\x01", "\x00", "\xff\xff"}},
		{"24 bytes and past", []string{"aaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaab", "aaaaaaaaaaaaaaaaaaaaaaaa\x00",
			"aaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaab", "aaaaaaaaaaaaaaaaaaaaaaaaa"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSorter(t.TempDir(), "test", 1<<16)
			for i, k := range tc.keys {
				if err := s.add(k, uint64(i+1), []byte{byte(i)}); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			if err := s.groups(func(k string, _ [][]byte) error { got = append(got, k); return nil }); err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(tc.keys)
			slices.Sort(want)
			want = slices.Compact(want)
			if !slices.Equal(got, want) {
				t.Errorf("keys came back as %q, want %q", got, want)
			}
		})
	}
}

// A run cut short (a full disk, a file changed under the conversion) fails
// the merge with an error, and the merge leaves no half-written run behind.
func TestSorterMergeOfATruncatedRunFails(t *testing.T) {
	dir := t.TempDir()
	s := newSorter(dir, "test", 1<<16) // two runs at a time: every run goes through a merge first
	for i := range 20000 {
		if err := s.add(fmt.Sprintf("k%05d", i%997), uint64(i+1), []byte(fmt.Sprintf("payload %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.wait(); err != nil {
		t.Fatal(err)
	}
	if len(s.runs) < 3 {
		t.Fatalf("%d runs; the test wants a merge before the last", len(s.runs))
	}
	fi, err := os.Stat(s.runs[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(s.runs[0], fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	err = s.groups(func(string, [][]byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "test.run0") {
		t.Fatalf("a merge of a truncated run: got %v, want an error naming test.run0", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) != 0 {
		t.Errorf("files left after the failed merge: %v (err %v)", left, err)
	}
}
