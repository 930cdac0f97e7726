package store

import (
	"slices"
	"testing"
)

// The outside accounts are split so that each worker reads about the same
// number of edges, every account once, in the order given.
func TestSplitByDegree(t *testing.T) {
	cases := []struct {
		name     string
		degrees  []int64
		n        int
		want     [][]string
		maxShare float64 // largest share of the edges any part gets
	}{
		{"equal degrees halve by count", []int64{5, 5, 5, 5}, 2, [][]string{{"a0", "a1"}, {"a2", "a3"}}, 0.5},
		{"one heavy account keeps a part to itself", []int64{90, 5, 5}, 2, [][]string{{"a0"}, {"a1", "a2"}}, 0.9},
		{"skew: the heavy tail goes to one part", []int64{1, 1, 1, 1, 1, 1, 10, 10}, 2, [][]string{{"a0", "a1", "a2", "a3", "a4", "a5", "a6"}, {"a7"}}, 0.62},
		{"no edges at all: one part", []int64{0, 0, 0}, 2, [][]string{{"a0", "a1", "a2"}, nil}, 0},
		{"nothing outside", nil, 2, [][]string{nil, nil}, 0},
		{"one worker", []int64{3, 4}, 1, [][]string{{"a0", "a1"}}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var in []outsider
			deg := map[string]int64{}
			var total int64
			for i, d := range tc.degrees {
				eid := "a" + string(rune('0'+i))
				in = append(in, outsider{eid, d})
				deg[eid] = d
				total += d
			}
			got := splitByDegree(in, tc.n)
			if !slices.EqualFunc(got, tc.want, slices.Equal[[]string]) {
				t.Errorf("parts %q, want %q", got, tc.want)
			}
			for _, p := range got {
				var sum int64
				for _, eid := range p {
					sum += deg[eid]
				}
				if total > 0 && float64(sum)/float64(total) > tc.maxShare+1e-9 {
					t.Errorf("a part reads %d of %d edges, more than %.2f", sum, total, tc.maxShare)
				}
			}
		})
	}
}
