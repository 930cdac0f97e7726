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

// Records written to streams (in order, or not: a record out of order goes
// to the pile) and to the pile come back as one sort of them all gives:
// grouped by key, each key's payloads in seq order.
func TestSorterStreamsMergeWithThePile(t *testing.T) {
	for _, tc := range []struct {
		name    string
		records int
		budget  int
		shuffle float64 // share of a stream's records out of its order
	}{
		{"sorted streams, one run", 3000, 1 << 20, 0},
		{"sorted streams, many runs", 30000, 1 << 16, 0},
		{"streams out of order", 30000, 1 << 16, 0.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := newSorter(dir, "test", tc.budget)
			r := rand.New(rand.NewPCG(3, 4))
			type rec struct {
				key string
				seq uint64
				p   string
			}
			var recs []rec
			for i := range tc.records {
				recs = append(recs, rec{fmt.Sprintf("k%05d", r.IntN(tc.records/5+1)), uint64(r.IntN(4) + 1), fmt.Sprintf("p%d", i)})
			}
			// a third to the pile, unsorted; two thirds to two streams, sorted but for the shuffled share
			third := len(recs) / 3
			for _, x := range recs[:third] {
				if err := s.add(x.key, x.seq, []byte(x.p)); err != nil {
					t.Fatal(err)
				}
			}
			for _, part := range [][]rec{recs[third : 2*third], recs[2*third:]} {
				part = slices.Clone(part)
				slices.SortStableFunc(part, func(a, b rec) int {
					if c := strings.Compare(a.key, b.key); c != 0 {
						return c
					}
					return int(a.seq) - int(b.seq)
				})
				for i := range part {
					if r.Float64() < tc.shuffle {
						j := r.IntN(len(part))
						part[i], part[j] = part[j], part[i]
					}
				}
				st, err := s.stream()
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range part {
					if err := st.add(x.key, x.seq, []byte(x.p)); err != nil {
						t.Fatal(err)
					}
				}
				if tc.shuffle == 0 {
					if err := st.close(); err != nil { // groups closes the other
						t.Fatal(err)
					}
				}
			}
			if tc.shuffle > 0 && len(s.pile.recs) <= third && len(s.runs) <= 2 {
				t.Fatal("no stream record went to the pile; the test wants some")
			}
			want := map[string][]rec{}
			seqOf := map[string]uint64{}
			for _, x := range recs {
				want[x.key] = append(want[x.key], x)
				seqOf[x.p] = x.seq
			}
			var keys []string
			err := s.groups(func(k string, ps [][]byte) error {
				keys = append(keys, k)
				w := want[k]
				if len(ps) != len(w) {
					return fmt.Errorf("key %s: %d payloads, want %d", k, len(ps), len(w))
				}
				// seq orders a key's payloads; among equal seqs any order
				seen := map[string]bool{}
				for i, p := range ps {
					seen[string(p)] = true
					if i > 0 && seqOf[string(ps[i-1])] > seqOf[string(p)] {
						return fmt.Errorf("key %s: payload %s (seq %d) after %s (seq %d)", k, p, seqOf[string(p)], ps[i-1], seqOf[string(ps[i-1])])
					}
				}
				for _, x := range w {
					if !seen[x.p] {
						return fmt.Errorf("key %s: payload %s lost", k, x.p)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.IsSorted(keys) || len(keys) != len(want) {
				t.Fatalf("%d keys (sorted: %v), want %d", len(keys), slices.IsSorted(keys), len(want))
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
				t.Errorf("files left after the merge: %v", left)
			}
		})
	}
}

// A run whose record claims more of the key before than there was (a
// corrupt or foreign file in the conversion's folder) fails the merge with
// an error naming it, as a run cut short does.
func TestSorterRejectsACorruptRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  []byte
	}{
		{"first key shares a prefix", []byte{5, 1, 1, 0, 'k'}},
		{"key longer than any", []byte{0, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 0}},
		{"cut inside the header", []byte{0, 1}},
		{"cut inside the payload", []byte{0, 1, 1, 9, 'k', 'p'}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := newSorter(dir, "test", 1<<16)
			if err := s.add("a", 1, []byte("x")); err != nil {
				t.Fatal(err)
			}
			bad := filepath.Join(dir, "test.bad")
			if err := os.WriteFile(bad, tc.run, 0o644); err != nil {
				t.Fatal(err)
			}
			s.runs = append(s.runs, bad)
			err := s.groups(func(string, [][]byte) error { return nil })
			if err == nil || !strings.Contains(err.Error(), "test.bad") {
				t.Fatalf("a merge of a corrupt run: got %v, want an error naming test.bad", err)
			}
		})
	}
}

// Properties given one at a time (a tweet's, without their map) decode as
// the same properties from a map do, and a value without a column type is
// an error naming its property.
func TestEncoderPutMatchesPropsMap(t *testing.T) {
	m := map[string]any{"text": "héllo", "n": int64(-3), "ok": true, "gone": nil, "ms": int64(1 << 40), "f": 1.5}
	var a, b encoder
	if err := a.propsMap(m); err != nil {
		t.Fatal(err)
	}
	b.byte(7) // props after other bytes, as a fact's
	b.beginProps()
	for k, v := range m {
		b.put(k, v)
	}
	if err := b.endProps(); err != nil {
		t.Fatal(err)
	}
	sorted := func(e encoder, skip int) props {
		d := decoder{b: e.b[skip:]}
		p := d.props()
		if d.err != nil || len(d.b) != 0 {
			t.Fatalf("decode: %v, %d bytes left", d.err, len(d.b))
		}
		slices.SortFunc(p, func(x, y prop) int { return strings.Compare(x.key, y.key) })
		return p
	}
	if got, want := sorted(b, 1), sorted(a, 0); !slices.Equal(got, want) {
		t.Errorf("put gave %v, propsMap %v", got, want)
	}
	var c encoder
	c.beginProps()
	c.put("ok", "x")
	c.put("bad", struct{}{})
	if err := c.endProps(); err == nil || !strings.Contains(err.Error(), "bad") {
		t.Errorf("a value without a column type: %v, want an error naming it", err)
	}
}
