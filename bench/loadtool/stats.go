package main

import (
	"math"
	"slices"
	"time"
)

// percentile is the nearest-rank percentile of sorted latencies: the
// smallest value with at least p percent of the values at or below it
// (p50 of 1..100 ms is 50 ms, p99 is 99 ms; p99 of 10 values is the
// largest). 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// Latency summarises some requests' latencies, in milliseconds.
type Latency struct {
	N    int     `json:"n"`
	P50  float64 `json:"p50_ms"`
	P90  float64 `json:"p90_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
	Mean float64 `json:"mean_ms"`
}

func summarize(ds []time.Duration) Latency {
	s := slices.Clone(ds)
	slices.Sort(s)
	l := Latency{N: len(s)}
	if len(s) == 0 {
		return l
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	l.P50, l.P90, l.P99 = ms(percentile(s, 50)), ms(percentile(s, 90)), ms(percentile(s, 99))
	l.Max, l.Mean = ms(s[len(s)-1]), ms(sum/time.Duration(len(s)))
	return l
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// ratio is a/b, or 0 when b is 0 (nothing to compare with).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
