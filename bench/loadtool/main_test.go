package main

import (
	"strings"
	"testing"
	"time"
)

// These test the pure parts only; nothing here times anything.

func TestPercentileIsNearestRank(t *testing.T) {
	var hundred []time.Duration
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, time.Duration(i)*time.Millisecond)
	}
	ten := hundred[:10]
	for _, c := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"p50 of 1..100", hundred, 50, 50 * time.Millisecond},
		{"p99 of 1..100", hundred, 99, 99 * time.Millisecond},
		{"p100 of 1..100", hundred, 100, 100 * time.Millisecond},
		{"p1 of 1..100", hundred, 1, 1 * time.Millisecond},
		{"p50 of 1..10", ten, 50, 5 * time.Millisecond},
		{"p99 of 1..10 is the largest", ten, 99, 10 * time.Millisecond},
		{"p90 of 1..10", ten, 90, 9 * time.Millisecond},
		{"p0 is the smallest", ten, 0, 1 * time.Millisecond},
		{"one value", []time.Duration{7}, 99, 7},
		{"none", nil, 50, 0},
	} {
		if got := percentile(c.sorted, c.p); got != c.want {
			t.Errorf("%s: percentile(p%g) = %v, want %v", c.name, c.p, got, c.want)
		}
	}
}

func TestSummarizeSortsAndDoesNotReorderItsInput(t *testing.T) {
	in := []time.Duration{30 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond}
	l := summarize(in)
	if l.N != 3 || l.P50 != 20 || l.Max != 30 || l.Mean != 20 || l.P99 != 30 {
		t.Errorf("summarize = %+v, want n 3, p50 20, p99 30, max 30, mean 20", l)
	}
	if in[0] != 30*time.Millisecond {
		t.Errorf("summarize sorted its caller's slice: %v", in)
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, ok := range []string{
		"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://127.1.2.3:80", "http://localhost:8080",
		"http://LOCALHOST", "http://[::1]:8080", "https://127.0.0.1",
	} {
		if err := checkLoopbackURL(ok); err != nil {
			t.Errorf("checkLoopbackURL(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{
		"http://10.0.0.1:8080", "http://192.168.1.5", "http://example.com", "http://localhost.example.com",
		"http://127.0.0.1.nip.io", "http://0.0.0.0:8080", "http://[::]:8080", "http://[::2]:80", "http://128.0.0.1",
		"ftp://127.0.0.1", "127.0.0.1:8080", "http://user:pw@127.0.0.1", "http://127.0.0.1:8080/graphql", "",
	} {
		if err := checkLoopbackURL(bad); err == nil {
			t.Errorf("checkLoopbackURL(%q) = nil, want a refusal", bad)
		}
	}
	for addr, want := range map[string]bool{
		"127.0.0.1:0": true, "[::1]:0": true, "localhost:8080": true,
		":8080": false, "0.0.0.0:0": false, "10.1.1.1:80": false, "127.0.0.1": false,
	} {
		if err := checkLoopbackAddr(addr); (err == nil) != want {
			t.Errorf("checkLoopbackAddr(%q) = %v, want ok %v", addr, err, want)
		}
	}
}

func TestParseMix(t *testing.T) {
	w, err := parseMix("account=4, amplifiers=3,network=1,me=2")
	if err != nil {
		t.Fatal(err)
	}
	if want := (weights{4, 3, 1, 2, 0}); w != want {
		t.Errorf("parseMix = %v, want %v", w, want)
	}
	if w.String() != "account=4,amplifiers=3,network=1,me=2,stats=0" {
		t.Errorf("String() = %q", w.String())
	}
	if _, err := parseMix(defaultMix); err != nil {
		t.Errorf("the default mix does not parse: %v", err)
	}
	for _, bad := range []string{"", "account=0,me=0", "acount=1", "account", "account=-1", "account=x", "me=1,me=2", "me=1001"} {
		if _, err := parseMix(bad); err == nil {
			t.Errorf("parseMix(%q) = nil error, want one", bad)
		}
	}
}

func TestPickerSendsEachKindItsWeightSpreadOut(t *testing.T) {
	w := weights{4, 4, 1, 1, 0}
	p := newPicker(w, 0)
	for round := range 3 {
		var got [numKinds]int
		var seq []string
		for range 10 {
			k := p.next()
			got[k]++
			seq = append(seq, k.String())
		}
		if got != [numKinds]int(w) {
			t.Fatalf("round %d: picked %v of each kind, want %v (sequence %v)", round, got, w, seq)
		}
		// Spread out: the four account cards never come all in a row.
		if strings.Contains(strings.Join(seq, ","), "account,account") {
			t.Errorf("round %d: account picked twice in a row: %v", round, seq)
		}
	}
}

func TestPickerOffsetsDesynchroniseClients(t *testing.T) {
	w := weights{4, 4, 1, 1, 0}
	seq := func(offset int) string {
		p := newPicker(w, offset)
		var s []string
		for range 10 {
			s = append(s, p.next().String())
		}
		return strings.Join(s, ",")
	}
	if seq(0) == seq(1) {
		t.Errorf("offsets 0 and 1 send the same sequence: %s", seq(0))
	}
	if seq(3) != seq(13) {
		t.Errorf("offset 13 should equal offset 3 (the sequence repeats every 10): %s / %s", seq(3), seq(13))
	}
	// Whatever the offset, a zero weight is never picked and a lone kind always is.
	p := newPicker(weights{0, 0, 0, 5, 0}, 7)
	for range 20 {
		if k := p.next(); k != kindMe {
			t.Fatalf("picked %s with only me weighted", k)
		}
	}
}

func TestSelectCases(t *testing.T) {
	all, err := selectCases("all")
	if err != nil || len(all) != len(abuseCases) {
		t.Fatalf("all: %d cases, %v", len(all), err)
	}
	none, err := selectCases("none")
	if err != nil || len(none) != 0 {
		t.Fatalf("none: %d cases, %v", len(none), err)
	}
	some, err := selectCases("bad-token, invalid-json")
	if err != nil || len(some) != 2 || some[0].name != "bad-token" || some[1].name != "invalid-json" {
		t.Fatalf("two cases: %v, %v", namesOf(some), err)
	}
	for _, bad := range []string{"bomb", "bad-token,bad-token"} {
		if _, err := selectCases(bad); err == nil {
			t.Errorf("selectCases(%q) = nil error", bad)
		}
	}
}

func TestFragmentBombHasDepthFragmentsEachSpreadingThePreviousTwice(t *testing.T) {
	doc := fragmentBomb(39)
	if !strings.HasPrefix(doc, "query Bomb { ...F39 } fragment F0 on Query { __typename }") ||
		!strings.Contains(doc, "fragment F1 on Query { ...F0 ...F0 }") ||
		!strings.HasSuffix(doc, "fragment F39 on Query { ...F38 ...F38 }") ||
		strings.Count(doc, "fragment ") != 40 {
		t.Errorf("unexpected fragment bomb: %.200s…", doc)
	}
}

func TestClassifyNamesStatusAndCode(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		want   string
		bad    bool
	}{
		{200, `{"errors":[{"message":"x","extensions":{"code":"LIMIT_EXCEEDED"}}],"data":null}`, "200 LIMIT_EXCEEDED", false},
		{200, `{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}],"data":null}`, "200 INTERNAL", true},
		{400, `{"errors":[{"message":"json request body could not be decoded"}],"data":null}`, "400 no code", false},
		{200, `{"data":{"me":{"name":"x"}}}`, "200 data", false},
		{502, `bad gateway`, "502 no code", true},
		{401, `{"errors":[{"extensions":{"code":"UNAUTHENTICATED"},"message":"no"}]}`, "401 UNAUTHENTICATED", false},
	} {
		got, bad := classify(c.status, []byte(c.body))
		if got != c.want || bad != c.bad {
			t.Errorf("classify(%d, %s) = %q, %v; want %q, %v", c.status, c.body, got, bad, c.want, c.bad)
		}
	}
}

func TestCheckAnswerCountsEveryFailureOfAWellBehavedRequest(t *testing.T) {
	if p := checkAnswer(200, []byte(`{"data":{"me":{"name":"a"}}}`)); p != "" {
		t.Errorf("a good answer is a problem: %s", p)
	}
	for _, c := range []struct {
		status int
		body   string
	}{
		{429, `{"errors":[{"message":"too many","extensions":{"code":"LIMIT_EXCEEDED"}}]}`},
		{200, `{"errors":[{"message":"no","extensions":{"code":"NOT_FOUND"}}],"data":{"account":null}}`},
		{200, `{"data":null}`},
		{200, `not json`},
		{500, ``},
	} {
		if p := checkAnswer(c.status, []byte(c.body)); p == "" {
			t.Errorf("checkAnswer(%d, %s) found nothing wrong", c.status, c.body)
		}
	}
}
