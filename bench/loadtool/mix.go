package main

import (
	"fmt"
	"strconv"
	"strings"
)

// kind is one well-behaved query of the mix.
type kind int

const (
	kindAccount kind = iota
	kindAmplifiers
	kindNetwork
	kindMe
	kindStats
	numKinds
)

var kindNamesByKind = [numKinds]string{"account", "amplifiers", "network", "me", "stats"}

func (k kind) String() string { return kindNamesByKind[k] }

func kindNames() []string { return kindNamesByKind[:] }

// defaultMix leaves `stats` out: on a 200k-tweet graph it takes 1–2.5 s
// (both of its count queries), far from the cheap query the mix wants; `me`
// is that one.
const defaultMix = "account=4,amplifiers=4,network=1,me=1,stats=0"

// weights are the shares of each kind in the mix.
type weights [numKinds]int

// parseMix reads "account=4,amplifiers=4,network=1,me=1": kinds not named
// weigh 0; at least one must weigh more.
func parseMix(s string) (weights, error) {
	var w weights
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		if !ok {
			return w, fmt.Errorf("-mix: %q is not kind=weight", part)
		}
		name = strings.TrimSpace(name)
		k := -1
		for i, n := range kindNamesByKind {
			if n == name {
				k = i
			}
		}
		if k < 0 {
			return w, fmt.Errorf("-mix: unknown query kind %q (known: %s)", name, strings.Join(kindNames(), ", "))
		}
		if seen[name] {
			return w, fmt.Errorf("-mix: %q given twice", name)
		}
		seen[name] = true
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || n < 0 || n > 1000 {
			return w, fmt.Errorf("-mix: the weight of %s must be an integer from 0 to 1000, got %q", name, val)
		}
		w[k] = n
	}
	total := 0
	for _, n := range w {
		total += n
	}
	if total == 0 {
		return w, fmt.Errorf("-mix: %q gives every query weight 0", s)
	}
	return w, nil
}

func (w weights) String() string {
	parts := make([]string, 0, numKinds)
	for k, n := range w {
		parts = append(parts, fmt.Sprintf("%s=%d", kind(k), n))
	}
	return strings.Join(parts, ",")
}

// picker chooses the next query kind by smooth weighted round-robin (as
// nginx balances upstreams): over every run of sum(weights) picks each kind
// comes exactly its weight of times, spread out rather than in blocks, and
// the order is the same on every run, so two runs send the same mix.
type picker struct {
	w       weights
	total   int
	current [numKinds]int
}

// newPicker starts a picker `offset` picks into the sequence, so that
// clients started together do not send the expensive kind in lock step.
func newPicker(w weights, offset int) *picker {
	p := &picker{w: w}
	for _, n := range w {
		p.total += n
	}
	for range offset % p.total {
		p.next()
	}
	return p
}

func (p *picker) next() kind {
	best := kind(-1)
	for k := range numKinds {
		if p.w[k] == 0 {
			continue
		}
		p.current[k] += p.w[k]
		if best < 0 || p.current[k] > p.current[best] {
			best = k
		}
	}
	p.current[best] -= p.total
	return best
}
