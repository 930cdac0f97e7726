package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// abuseCase is one kind of hostile request. Expected of the server: a
// coded error (or, for what it may legitimately answer, an answer) quickly;
// never a 5xx, an INTERNAL error, or no answer within the client's timeout.
type abuseCase struct {
	name, what string
	build      func(token string) request
}

// gql is a JSON GraphQL request body for doc.
func gql(doc string) []byte {
	b, _ := json.Marshal(map[string]string{"query": doc})
	return b
}

// repeated is n copies of item(i) joined by spaces.
func repeated(n int, item func(i int) string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(item(i))
	}
	return b.String()
}

// fragmentBomb is `{ ...F39 }` where F0 is `__typename` and each Fn spreads
// F(n-1) twice: 2^39 fields from a 1.5 kB document.
func fragmentBomb(depth int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "query Bomb { ...F%d } fragment F0 on Query { __typename }", depth)
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, " fragment F%d on Query { ...F%d ...F%d }", i, i-1, i-1)
	}
	return b.String()
}

const mib = 1 << 20

var abuseCases = []abuseCase{
	{"fragment-bomb", "fragments F1…F39 each spreading the one before twice (2^39 fields)", func(t string) request {
		return request{body: gql(fragmentBomb(39)), token: t}
	}},
	{"aliases-stats", "1,000 aliases of stats { nodes { label count } }", func(t string) request {
		return request{body: gql("{ " + repeated(1000, func(i int) string { return fmt.Sprintf("s%d: stats { nodes { label count } }", i) }) + " }"), token: t}
	}},
	{"aliases-schema", "3,000 aliases of __schema { types { name } }", func(t string) request {
		return request{body: gql("{ " + repeated(3000, func(i int) string { return fmt.Sprintf("s%d: __schema { types { name } }", i) }) + " }"), token: t}
	}},
	{"typename", "20,000 __typename in one selection", func(t string) request {
		return request{body: gql("{ " + repeated(20000, func(int) string { return "__typename" }) + " }"), token: t}
	}},
	{"search-9mb", "searchAccounts with a 9 MiB query string", func(t string) request {
		return request{body: gql(`{ searchAccounts(query: "` + strings.Repeat("a", 9*mib) + `") { totalCount } }`), token: t}
	}},
	{"body-2mb", "a 2 MiB body: { me { name } } and a 2 MiB comment", func(t string) request {
		return request{body: gql("{ me { name } }\n#" + strings.Repeat("x", 2*mib)), token: t}
	}},
	{"invalid-json", "a body that is not JSON (cut short)", func(t string) request {
		return request{body: []byte(`{"query": "{ me { name } }"`), token: t}
	}},
	{"wrong-content-type", "a JSON body sent as text/plain", func(t string) request {
		return request{body: gql("{ me { name } }"), contentType: "text/plain", token: t}
	}},
	{"bad-token", "a valid query with a token that does not exist", func(string) request {
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		return request{body: gql("{ me { name } }"), token: "iog_" + hex.EncodeToString(b)}
	}},
}

func caseNames() []string {
	names := make([]string, len(abuseCases))
	for i, c := range abuseCases {
		names[i] = c.name
	}
	return names
}

func namesOf(cs []abuseCase) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.name
	}
	if len(names) == 0 {
		return []string{"none"}
	}
	return names
}

// selectCases reads -abuse: all, none, or names (in the order given).
func selectCases(s string) ([]abuseCase, error) {
	switch strings.TrimSpace(s) {
	case "all":
		return slices.Clone(abuseCases), nil
	case "none", "":
		return nil, nil
	}
	var out []abuseCase
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		i := slices.IndexFunc(abuseCases, func(c abuseCase) bool { return c.name == name })
		if i < 0 {
			return nil, fmt.Errorf("-abuse: unknown case %q (known: %s)", name, strings.Join(caseNames(), ", "))
		}
		if slices.ContainsFunc(out, func(c abuseCase) bool { return c.name == name }) {
			return nil, fmt.Errorf("-abuse: %q given twice", name)
		}
		out = append(out, abuseCases[i])
	}
	return out, nil
}

// abuser sends the hostile cases in a loop, n clients at once, one request
// at a time each, as the user lt-abuser.
type abuser struct {
	api     *api
	token   string
	cases   []abuseCase
	timeout time.Duration
	n       int

	once  sync.Once
	built []request
	mu    sync.Mutex
	seen  map[string]*caseSeen
}

type caseSeen struct {
	outcomes map[string]int
	took     []time.Duration
	bad      int
}

// run sends until the deadline; it returns how many requests it sent.
func (a *abuser) run(ctx context.Context, deadline time.Time) int {
	a.once.Do(func() {
		a.seen = map[string]*caseSeen{}
		for _, c := range a.cases {
			a.built = append(a.built, c.build(a.token))
			a.seen[c.name] = &caseSeen{outcomes: map[string]int{}}
		}
	})
	var wg sync.WaitGroup
	counts := make([]int, a.n)
	for w := range a.n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := w * len(a.cases) / a.n
			for ctx.Err() == nil && time.Now().Before(deadline) {
				i := next % len(a.cases)
				next++
				r := a.built[i]
				if a.cases[i].name == "bad-token" {
					r = a.cases[i].build(a.token) // a new unknown token each time: no cache helps the server
				}
				outcome, bad, took := a.sendOne(ctx, r)
				if ctx.Err() != nil {
					return
				}
				counts[w]++
				a.mu.Lock()
				s := a.seen[a.cases[i].name]
				s.outcomes[outcome]++
				s.took = append(s.took, took)
				if bad {
					s.bad++
				}
				a.mu.Unlock()
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, c := range counts {
		total += c
	}
	return total
}

var codeRE = regexp.MustCompile(`"code"\s*:\s*"([A-Za-z_]+)"`)

// sendOne sends one hostile request and names what came back: the status and
// the first error code ("200 LIMIT_EXCEEDED", "400 no code", "200 data"), or
// that nothing came back in time. bad is a 5xx, INTERNAL or no answer.
func (a *abuser) sendOne(ctx context.Context, r request) (outcome string, bad bool, took time.Duration) {
	rctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	t0 := time.Now()
	status, head, err := a.api.send(rctx, r, 64<<10)
	took = time.Since(t0)
	if err != nil {
		return transportProblem(err, a.timeout), true, took
	}
	outcome, bad = classify(status, head)
	return outcome, bad, took
}

// classify names an answer from its status and the start of its body.
func classify(status int, head []byte) (string, bool) {
	code := "no code"
	if m := codeRE.FindSubmatch(head); m != nil {
		code = string(m[1])
	} else if status == 200 && bytes.Contains(head, []byte(`"data"`)) && !bytes.Contains(head, []byte(`"errors"`)) {
		code = "data"
	}
	return fmt.Sprintf("%d %s", status, code), status >= 500 || code == "INTERNAL"
}

// AbuseCase is what one hostile case got in the run.
type AbuseCase struct {
	Name     string         `json:"name"`
	What     string         `json:"what"`
	Requests int            `json:"requests"`
	Outcomes map[string]int `json:"outcomes"`
	Bad      int            `json:"bad"` // 5xx, INTERNAL or no answer in time
	P50Ms    float64        `json:"p50_ms"`
	MaxMs    float64        `json:"max_ms"`
}

func (a *abuser) report() []AbuseCase {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []AbuseCase
	for _, c := range a.cases {
		s := a.seen[c.name]
		if s == nil {
			s = &caseSeen{}
		}
		l := summarize(s.took)
		out = append(out, AbuseCase{Name: c.name, What: c.what, Requests: l.N, Outcomes: s.outcomes, Bad: s.bad, P50Ms: l.P50, MaxMs: l.Max})
	}
	return out
}
