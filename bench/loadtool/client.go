package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The well-behaved queries, as an investigator's frontend sends them (with
// variables, so the server's parsed-query cache serves them).
const (
	accountQuery = `query AccountCard($id: ID!) {
  account(id: $id) {
    id platform handle name description location followers following createdAt hashed verified datasets
    clients { name posts firstAt lastAt }
    hashtags(first: 5) { tag posts }
    amplifiedBy(first: 5) { account { id handle } total }
    amplifies(first: 5) { account { id handle } total }
  }
}`
	amplifiersQuery = `query WhoAmplified($seed: ID!) {
  amplifiers(seed: $seed, first: 50) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { account { id handle hashed followers } total retweets replies quotes mentions firstAt minLatencySeconds } }
  }
}`
	networkQuery = `query Around($seeds: [ID!]!) {
  network(seeds: $seeds, hops: 2, limit: 500) {
    truncated
    nodes { id kind label properties }
    edges { id source target weight }
  }
}`
	meQuery    = `query Me { me { name role } }`
	statsQuery = `query Size { stats { nodes { label count } relationships { type count } } }`
	// searchQuery pages through accounts to pick seeds.
	searchQuery = `query Accounts($q: String!, $after: String) {
  searchAccounts(query: $q, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } }
}`
)

// api is an HTTP client for one server's /graphql that dials loopback only
// and never follows a redirect.
type api struct {
	base   string
	client *http.Client
}

func newAPI(base string, conns int) *api {
	tr := &http.Transport{
		DialContext:         loopbackDial,
		MaxIdleConns:        2 * conns,
		MaxIdleConnsPerHost: 2 * conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &api{base: base, client: &http.Client{Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// request is one HTTP request to /graphql.
type request struct {
	body        []byte
	contentType string // default application/json
	token       string // Bearer token; "" for none
}

// send posts r and reads at most keep bytes of the answer (the rest is
// read and dropped), within ctx.
func (a *api) send(ctx context.Context, r request, keep int64) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/graphql", bytes.NewReader(r.body))
	if err != nil {
		return 0, nil, err
	}
	ct := r.contentType
	if ct == "" {
		ct = "application/json"
	}
	req.Header.Set("Content-Type", ct)
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := io.CopyN(&buf, resp.Body, keep); err != nil && !errors.Is(err, io.EOF) {
		return resp.StatusCode, buf.Bytes(), err
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return resp.StatusCode, buf.Bytes(), err
	}
	return resp.StatusCode, buf.Bytes(), nil
}

// gqlAnswer is a GraphQL response as the clients check it.
type gqlAnswer struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
}

// query runs a GraphQL document and decodes its data into out; any HTTP
// status but 200, any GraphQL error or a missing data is an error.
func (a *api) query(ctx context.Context, token, doc string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": doc, "variables": vars})
	if err != nil {
		return err
	}
	status, b, err := a.send(ctx, request{body: body, token: token}, 64<<20)
	if err != nil {
		return err
	}
	if problem := checkAnswer(status, b); problem != "" {
		return errors.New(problem)
	}
	if out == nil {
		return nil
	}
	var ans struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &ans); err != nil {
		return err
	}
	return json.Unmarshal(ans.Data, out)
}

// checkAnswer says what is wrong with a well-behaved request's answer ("":
// nothing): a status other than 200, a GraphQL error, no data.
func checkAnswer(status int, body []byte) string {
	var ans gqlAnswer
	jsonErr := json.Unmarshal(body, &ans)
	code := ""
	if len(ans.Errors) > 0 {
		code = ans.Errors[0].Extensions.Code
		if code == "" {
			code = "no code"
		}
	}
	switch {
	case status != http.StatusOK && code != "":
		return fmt.Sprintf("HTTP %d %s: %s", status, code, clip(ans.Errors[0].Message))
	case status != http.StatusOK:
		return fmt.Sprintf("HTTP %d", status)
	case jsonErr != nil:
		return "HTTP 200, body not JSON: " + clip(jsonErr.Error())
	case code != "":
		return fmt.Sprintf("GraphQL %s: %s", code, clip(ans.Errors[0].Message))
	case len(ans.Data) == 0 || string(ans.Data) == "null":
		return "HTTP 200 without data"
	}
	return ""
}

func clip(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// transportProblem names a request that got no answer.
func transportProblem(err error, timeout time.Duration) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within %s", timeout)
	}
	return "transport: " + clip(err.Error())
}

// Seed is an account the mix asks about, with its amplifier count.
type Seed struct {
	ID         string `json:"id"`
	Amplifiers int    `json:"amplifiers"`
}

func seedIDs(ss []Seed) []string {
	ids := make([]string, len(ss))
	for i, s := range ss {
		ids[i] = s.ID
	}
	return ids
}

// pickSeeds lists up to scan accounts through the API (creationBatches, or
// searchAccounts when search is given) and
// keeps the n with the most amplifiers (amplifiers' totalCount, asked for
// 100 accounts at a time with aliases): real ids of the loaded data, the
// accounts investigators open first.
func pickSeeds(ctx context.Context, a *api, token, search string, scan, n int, w io.Writer) ([]Seed, error) {
	t0 := time.Now()
	var ids []string
	if search == "" {
		// Accounts created on the same day as others, 100 per day listed:
		// any release has them, and no search term needs guessing.
		var batches struct {
			CreationBatches []struct{ Accounts []struct{ ID string } }
		}
		if err := a.query(ctx, token, `{ creationBatches(minAccounts: 2, first: 200) { accounts { id } } }`, nil, &batches); err != nil {
			return nil, fmt.Errorf("list accounts (creationBatches): %w", err)
		}
		for _, b := range batches.CreationBatches {
			for _, acc := range b.Accounts {
				ids = append(ids, acc.ID)
			}
		}
	}
	var after any
	for search != "" && len(ids) < scan {
		var page struct {
			SearchAccounts struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct{ Node struct{ ID string } }
			}
		}
		if err := a.query(ctx, token, searchQuery, map[string]any{"q": search, "after": after}, &page); err != nil {
			return nil, fmt.Errorf("list accounts (searchAccounts %q): %w", search, err)
		}
		for _, e := range page.SearchAccounts.Edges {
			ids = append(ids, e.Node.ID)
		}
		if !page.SearchAccounts.PageInfo.HasNextPage || len(page.SearchAccounts.Edges) == 0 {
			break
		}
		after = page.SearchAccounts.PageInfo.EndCursor
	}
	ids = ids[:min(len(ids), scan)]
	var seeds []Seed
	for start := 0; start < len(ids); start += 100 {
		chunk := ids[start:min(start+100, len(ids))]
		var decl, sel strings.Builder
		vars := map[string]any{}
		for i, id := range chunk {
			fmt.Fprintf(&decl, "$s%d: ID!,", i)
			fmt.Fprintf(&sel, " a%d: amplifiers(seed: $s%d, first: 1) { totalCount }", i, i)
			vars[fmt.Sprintf("s%d", i)] = id
		}
		doc := fmt.Sprintf("query Degrees(%s) {%s }", strings.TrimSuffix(decl.String(), ","), sel.String())
		var got map[string]struct{ TotalCount int }
		if err := a.query(ctx, token, doc, vars, &got); err != nil {
			return nil, fmt.Errorf("amplifier counts: %w", err)
		}
		for i, id := range chunk {
			if c := got[fmt.Sprintf("a%d", i)].TotalCount; c > 0 {
				seeds = append(seeds, Seed{ID: id, Amplifiers: c})
			}
		}
	}
	sort.SliceStable(seeds, func(i, j int) bool { return seeds[i].Amplifiers > seeds[j].Amplifiers })
	seeds = seeds[:min(len(seeds), n)]
	if len(seeds) == 0 {
		return nil, fmt.Errorf("none of the %d accounts listed has an amplifier: load a release first (-gen-tweets)", len(ids))
	}
	fmt.Fprintf(w, "seeds: the %d accounts with the most amplifiers of %d looked at (%d … %d amplifiers), %s\n",
		len(seeds), len(ids), seeds[0].Amplifiers, seeds[len(seeds)-1].Amplifiers, time.Since(t0).Round(100*time.Millisecond))
	return seeds, nil
}

// workload is the well-behaved clients' side: each client is one user and
// sends one request at a time, the next kind from its picker and the next
// seed from a shared round-robin.
type workload struct {
	api     *api
	tokens  []string
	mix     weights
	seeds   []string
	timeout time.Duration
	next    atomic.Uint64
}

func (l *workload) seed() string {
	return l.seeds[(l.next.Add(1)-1)%uint64(len(l.seeds))]
}

// body is the request of one kind.
func (l *workload) body(k kind) []byte {
	var doc string
	vars := map[string]any{}
	switch k {
	case kindAccount:
		doc, vars["id"] = accountQuery, l.seed()
	case kindAmplifiers:
		doc, vars["seed"] = amplifiersQuery, l.seed()
	case kindNetwork:
		doc, vars["seeds"] = networkQuery, []string{l.seed()}
	case kindMe:
		doc = meQuery
	case kindStats:
		doc = statsQuery
	}
	b, _ := json.Marshal(map[string]any{"query": doc, "variables": vars})
	return b
}

// errorPause is how long a well-behaved client waits after an error.
const errorPause = 250 * time.Millisecond

// record is one well-behaved request.
type record struct {
	kind    kind
	took    time.Duration
	problem string // "" when it succeeded
}

// client sends requests until the deadline and returns what it saw.
func (l *workload) client(ctx context.Context, i int, deadline time.Time) []record {
	p := newPicker(l.mix, i)
	var recs []record
	for ctx.Err() == nil && time.Now().Before(deadline) {
		k := p.next()
		body := l.body(k)
		rctx, cancel := context.WithTimeout(ctx, l.timeout)
		t0 := time.Now()
		status, b, err := l.api.send(rctx, request{body: body, token: l.tokens[i]}, 64<<20)
		took := time.Since(t0)
		cancel()
		r := record{kind: k, took: took}
		if err != nil {
			r.problem = transportProblem(err, l.timeout)
		} else {
			r.problem = checkAnswer(status, b)
		}
		if ctx.Err() != nil && r.problem != "" {
			break // interrupted: not the server's error
		}
		recs = append(recs, r)
		if r.problem != "" {
			// Counted; now back off as a real client would, rather than
			// spin on refusals (429) or on a server that has gone.
			select {
			case <-ctx.Done():
			case <-time.After(min(errorPause, time.Until(deadline))):
			}
		}
	}
	return recs
}

// KindStats are one query kind's numbers in a phase.
type KindStats struct {
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	Latency  Latency `json:"latency"`
}

// Phase is one measured stretch of the run.
type Phase struct {
	Name       string               `json:"name"`
	Clients    int                  `json:"clients"`
	Seconds    float64              `json:"seconds"`
	Requests   int                  `json:"requests"`
	Throughput float64              `json:"requests_per_second"`
	Errors     int                  `json:"errors"`
	Problems   map[string]int       `json:"problems,omitempty"` // error → count
	Overall    Latency              `json:"latency"`
	ByKind     map[string]KindStats `json:"by_kind"`
	Resources  Resources            `json:"resources"`
	Abusive    int                  `json:"abusive_requests,omitempty"`
}

// runPhase runs the well-behaved clients (and the abusive ones, if ab is
// not nil) for d: no request starts after d, and every request has a
// timeout, so the phase ends by itself.
func runPhase(ctx context.Context, name string, d time.Duration, l *workload, ab *abuser, mon *monitor) Phase {
	mk := mon.begin(name)
	t0 := time.Now()
	deadline := t0.Add(d)
	recs := make([][]record, len(l.tokens))
	var wg sync.WaitGroup
	for i := range l.tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			recs[i] = l.client(ctx, i, deadline)
		}()
	}
	abusive := 0
	if ab != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			abusive = ab.run(ctx, deadline)
		}()
	}
	wg.Wait()
	p := Phase{Name: name, Clients: len(l.tokens), Seconds: time.Since(t0).Seconds(), Problems: map[string]int{},
		ByKind: map[string]KindStats{}, Abusive: abusive}
	p.Resources = mon.end(mk)
	var all []time.Duration
	perKind := map[kind][]time.Duration{}
	errs := map[kind]int{}
	for _, rs := range recs {
		for _, r := range rs {
			all = append(all, r.took)
			perKind[r.kind] = append(perKind[r.kind], r.took)
			if r.problem != "" {
				p.Problems[r.kind.String()+": "+r.problem]++
				errs[r.kind]++
				p.Errors++
			}
		}
	}
	p.Requests = len(all)
	p.Throughput = ratio(float64(p.Requests), p.Seconds)
	p.Overall = summarize(all)
	for k, ds := range perKind {
		p.ByKind[k.String()] = KindStats{Requests: len(ds), Errors: errs[k], Latency: summarize(ds)}
	}
	return p
}

// AfterCheck is whether the server still answers once the abuse has
// stopped.
type AfterCheck struct {
	Healthz  string  `json:"healthz"`
	HealthMs float64 `json:"healthz_ms"`
	Me       string  `json:"me"`
	MeMs     float64 `json:"me_ms"`
}

func afterCheck(ctx context.Context, a *api, token string) AfterCheck {
	var c AfterCheck
	hctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	t0 := time.Now()
	req, _ := http.NewRequestWithContext(hctx, http.MethodGet, a.base+"/healthz", nil)
	if resp, err := a.client.Do(req); err != nil {
		c.Healthz = transportProblem(err, 10*time.Second)
	} else {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		c.Healthz = resp.Status
	}
	c.HealthMs = ms(time.Since(t0))
	t0 = time.Now()
	body, _ := json.Marshal(map[string]any{"query": meQuery})
	status, b, err := a.send(hctx, request{body: body, token: token}, 1<<20)
	switch {
	case err != nil:
		c.Me = transportProblem(err, 10*time.Second)
	case checkAnswer(status, b) != "":
		c.Me = checkAnswer(status, b)
	default:
		c.Me = "ok"
	}
	c.MeMs = ms(time.Since(t0))
	return c
}
