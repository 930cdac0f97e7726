package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/server"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/assets"
	"github.com/iograph/iograph/loaders/gen"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/twitterio"
	"github.com/iograph/iograph/web/browsertest"
)

// bench is the workbench under test: the real server on 127.0.0.1 over a
// real Neo4j holding a small synthetic release and the demo's asset list,
// and a headless Chromium signed in as an analyst.
type bench struct {
	t       *testing.T
	srv     *httptest.Server
	st      *store.Store
	token   string // the analyst's API token, for the test's own questions
	b       *browsertest.Browser
	ctx     context.Context
	shots   string
	dataset string
}

// workbenchFixture loads the data, starts the server and the browser.
// Screenshots go to $IOGRAPH_SCREENSHOTS when set (kept), else to a
// temporary directory.
func workbenchFixture(t *testing.T) *bench {
	exe := browsertest.Need(t)
	st := neo4jtest.Fresh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	sum, err := gen.TwitterIO(ctx, gen.Options{Tweets: 1500, Accounts: 150, Groups: 2, GroupSize: 6, Seed: 13,
		Campaign: "synthetic_hk_082019_1", OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	rej, _ := loaders.NewRejects("")
	tgt := neo4jtest.DB(t)
	ls, err := twitterio.Load(ctx, tgt, []string{sum.UsersFile, sum.TweetsFile}, "", loaders.Options{Synthetic: true}, rej)
	if err == nil {
		err = links.AfterLoad(ctx, tgt, ls)
	}
	if err == nil {
		ls, err = assets.Load(ctx, tgt, []string{"../demo/hk_2019_takedown_assets.csv"}, "", loaders.Options{}, rej)
	}
	if err == nil {
		err = links.AfterLoad(ctx, tgt, ls)
	}
	if err != nil || rej.Count() != 0 {
		t.Fatalf("load the fixture: %v, %d rejects", err, rej.Count())
	}
	if _, err := st.CreateUser(ctx, "vera", model.RoleAnalyst, true); err != nil {
		t.Fatal(err)
	}
	tok, err := st.CreateToken(ctx, "vera", model.TokenAPI, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.Handler(st, slog.New(slog.DiscardHandler), server.WithAccess(server.Access{Rate: 1000})))
	t.Cleanup(srv.Close)
	b, err := browsertest.Start(context.Background(), exe, 1400, 900)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	shots := os.Getenv("IOGRAPH_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	// A journey has ten minutes; one step's wait is bounded by step().
	bctx, bcancel := context.WithTimeout(b.Ctx, 10*time.Minute)
	t.Cleanup(bcancel)
	return &bench{t: t, srv: srv, st: st, token: tok.Secret, b: b, ctx: bctx, shots: shots, dataset: sum.Release}
}

// do runs browser steps with a deadline of 90 seconds.
func (w *bench) do(steps ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		w.shot("failed-" + strings.NewReplacer("/", "-", " ", "-").Replace(w.t.Name()))
		w.t.Fatalf("%v (console: %q)", err, w.b.Console())
	}
}

func eval[T any](w *bench, expr string) T {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		w.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// idle waits until the page has loaded what its view needs (twice, since
// one answer may start the next request).
func (w *bench) idle() {
	w.t.Helper()
	wait := chromedp.Poll[bool](`document.body.dataset.ready === "true" && window.iograph.loading === 0`, chromedp.WithPollingInterval(50*time.Millisecond))
	w.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error { _, err := wait(ctx, t); return err }),
		chromedp.Sleep(400*time.Millisecond),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error { _, err := wait(ctx, t); return err }))
}

// shot saves a screenshot of the page as name.png and returns its bytes.
func (w *bench) shot(name string) []byte {
	ctx, cancel := context.WithTimeout(w.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		w.t.Logf("screenshot %s: %v", name, err)
		return nil
	}
	path := filepath.Join(w.shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		w.t.Fatal(err)
	}
	w.t.Logf("screenshot: %s", path)
	return png
}

// text is an element's visible text.
func (w *bench) text(sel string) string {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		w.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// drawnNodes is the node count the page reports under the canvas.
func (w *bench) drawnNodes() int {
	return eval[int](w, `Number(document.getElementById("graph-status").dataset.nodes)`)
}

// api asks the server what the page should show.
func (w *bench) api(doc string, vars map[string]any) map[string]any {
	w.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": doc, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, w.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+w.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
		w.t.Fatalf("%s: %v %v", doc, err, out.Errors)
	}
	return out.Data
}

// pageView is the part of the page's view (view.ts) that decides the network.
type pageView struct {
	Seeds, Expand, Kinds, Assets []string
	Hops, MinWeight, Limit       int
	Since, Until                 *string
}

func (w *bench) view() pageView {
	var v pageView
	if err := json.Unmarshal([]byte(eval[string](w, `JSON.stringify(window.iograph.view())`)), &v); err != nil {
		w.t.Fatal(err)
	}
	return v
}

const networkDoc = `query($seeds: [ID!]!, $hops: Int, $kinds: [EngagementKind!], $minWeight: Int, $since: DateTime, $until: DateTime, $limit: Int) {
  network(seeds: $seeds, hops: $hops, kinds: $kinds, minWeight: $minWeight, since: $since, until: $until, limit: $limit) { nodes { id } } }`

// expected is the set of nodes the API gives for a view: its network, and
// the 1-hop network of each expanded node (as the page asks for them).
func (w *bench) expected(v pageView) map[string]bool {
	vars := map[string]any{"seeds": v.Seeds, "hops": v.Hops, "minWeight": v.MinWeight, "limit": v.Limit, "since": v.Since, "until": v.Until}
	if len(v.Kinds) < 4 {
		vars["kinds"] = v.Kinds
	}
	ids := map[string]bool{}
	add := func(vars map[string]any) {
		for _, n := range w.api(networkDoc, vars)["network"].(map[string]any)["nodes"].([]any) {
			ids[n.(map[string]any)["id"].(string)] = true
		}
	}
	add(vars)
	for _, x := range v.Expand {
		more := map[string]any{}
		for k, val := range vars {
			more[k] = val
		}
		more["seeds"], more["hops"], more["limit"] = []string{x}, 1, min(v.Limit, 200)
		add(more)
	}
	return ids
}

// pauseLayout clicks the layout button while ForceAtlas2 runs, so that
// nodes stay where the test clicks; a start the page has deferred to its
// next frame is waited for first. The layout also stops by itself after a
// few seconds: when it did so just before the click, the click started it
// again, and the button is clicked once more.
func (w *bench) pauseLayout() {
	w.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](`!window.iograph.canvas.layoutPending`, chromedp.WithPollingInterval(20*time.Millisecond))(ctx, t)
		return err
	}))
	for range 3 {
		if !strings.Contains(w.text("#layout-toggle"), "❚❚") {
			return
		}
		w.do(chromedp.Click(chromedp.CSS("#layout-toggle")))
	}
	w.t.Fatalf("the layout still runs after three clicks on its button")
}

// nodeXY is where a node is drawn, in page coordinates.
func (w *bench) nodeXY(id string) (float64, float64) {
	xy := eval[[]float64](w, fmt.Sprintf(`(() => { const r = document.getElementById("graph").getBoundingClientRect();
	  const p = window.iograph.nodePosition(%q); return p ? [r.left + p.x, r.top + p.y] : []; })()`, id))
	if len(xy) != 2 {
		w.t.Fatalf("node %s is not drawn", id)
	}
	return xy[0], xy[1]
}

// The analyst's walk through the workbench, as in docs: each journey
// asserts what the page shows, against the API's answer to the same question.
func TestWorkbenchJourneys(t *testing.T) {
	w := workbenchFixture(t)
	// The release's seed; the asset list names a handle-only @HKpoliticsnews too.
	seed := ""
	for _, e := range w.api(`{ searchAccounts(query: "HKpoliticsnews") { edges { node { id } } } }`, nil)["searchAccounts"].(map[string]any)["edges"].([]any) {
		if id := e.(map[string]any)["node"].(map[string]any)["id"].(string); strings.HasPrefix(id, "twitter:") && !strings.Contains(id, "@") {
			seed = id
		}
	}
	if seed == "" {
		t.Fatal("the fixture has no release account @HKpoliticsnews")
	}

	t.Run("log in", func(t *testing.T) {
		w.t = t
		w.do(chromedp.Navigate(w.srv.URL + "/"))
		if loc := eval[string](w, `location.pathname + location.search`); loc != "/login?next=%2F" {
			t.Fatalf("GET / without a session went to %s, want the login page", loc)
		}
		link, err := w.st.CreateToken(context.Background(), "vera", model.TokenLogin, time.Hour, nil)
		if err != nil {
			t.Fatal(err)
		}
		w.do(chromedp.Navigate(w.srv.URL+"/login?token="+link.Secret+"&next=/"), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
		w.idle()
		if me := w.text("#me"); me != "vera (analyst)" {
			t.Fatalf("the header says %q, want vera (analyst)", me)
		}
		w.shot("01-signed-in")
	})

	t.Run("search a seed and see its network", func(t *testing.T) {
		w.t = t
		w.do(chromedp.KeyEvent("/"))
		if f := eval[string](w, `document.activeElement.id`); f != "search" {
			t.Fatalf("/ focused #%s, want the search bar", f)
		}
		w.do(chromedp.KeyEvent("HKpolitics"))
		if v := eval[string](w, `document.getElementById("search").value`); v != "HKpolitics" {
			t.Fatalf("the search bar holds %q", v)
		}
		w.do(chromedp.WaitVisible(chromedp.CSS(`#search-results li[data-id="` + seed + `"]`)))
		if hit := w.text(`#search-results li[data-id="` + seed + `"]`); !strings.Contains(hit, "@HKpoliticsnews") || !strings.Contains(hit, "twitter") {
			t.Fatalf("the seed's hit reads %q, want its platform and @HKpoliticsnews", hit)
		}
		w.shot("02-type-ahead")
		// Arrow down to the seed's hit, then Enter.
		for range 12 {
			if eval[string](w, `document.querySelector('#search-results li[aria-selected="true"]')?.dataset.id ?? ""`) == seed {
				break
			}
			w.do(chromedp.KeyEvent(kb.ArrowDown))
		}
		w.do(chromedp.KeyEvent(kb.Enter))
		w.idle()
		v := w.view()
		if !slices.Equal(v.Seeds, []string{seed}) {
			t.Fatalf("the view's seeds are %v, want %s", v.Seeds, seed)
		}
		want := w.expected(v)
		if got := w.drawnNodes(); got != len(want) || got < 10 {
			t.Fatalf("the page reports %d nodes; the API's network has %d", got, len(want))
		}
		if card := w.text("#card"); !strings.Contains(card, "@HKpoliticsnews") || !strings.Contains(card, "Followers") {
			t.Fatalf("the card shows %q", card)
		}
		w.do(chromedp.Sleep(1500 * time.Millisecond)) // let ForceAtlas2 spread the nodes
		png, err := chromedp.Run(w.ctx, chromedp.Screenshot(chromedp.CSS("#graph")))
		if err != nil {
			t.Fatal(err)
		}
		ink, total, err := browsertest.InkPixels(png)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("the canvas has %d of %d pixels drawn", ink, total)
		if ink < total/200 {
			t.Fatalf("the canvas is blank: %d of %d pixels differ from the background", ink, total)
		}
		w.shot("03-network")
	})

	t.Run("expand a node", func(t *testing.T) {
		w.t = t
		v := w.view()
		before := w.expected(v)
		// The amplifier whose own network adds the most accounts.
		best, bestNew := "", 0
		for id := range before {
			if id == seed {
				continue
			}
			more := w.expected(pageView{Seeds: []string{id}, Hops: 1, MinWeight: 1, Limit: 200})
			n := 0
			for m := range more {
				if !before[m] {
					n++
				}
			}
			if n > bestNew || (n == bestNew && id < best) {
				best, bestNew = id, n
			}
		}
		if bestNew == 0 {
			t.Fatal("no node of the fixture's network has accounts outside it")
		}
		w.pauseLayout()
		x, y := w.nodeXY(best)
		// A click opens the node's card; a second one makes it a double click, which expands.
		w.do(chromedp.MouseClickXY(x, y), chromedp.MouseClickXY(x, y))
		w.idle()
		if got := w.text("#card"); !strings.Contains(got, best) {
			t.Fatalf("after clicking %s the card shows %q", best, got)
		}
		v = w.view()
		if !slices.Contains(v.Expand, best) {
			t.Fatalf("the view did not expand %s: %+v", best, v)
		}
		want := w.expected(v)
		if got := w.drawnNodes(); got != len(want) || got != len(before)+bestNew {
			t.Fatalf("after expanding, the page reports %d nodes; the API gives %d (%d before, %d new)", got, len(want), len(before), bestNew)
		}
		w.shot("04-expanded")
	})

	t.Run("brush the timeline", func(t *testing.T) {
		w.t = t
		before := w.drawnNodes()
		box := eval[[]float64](w, `(() => { const r = document.querySelector("#timeline svg").getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`)
		y := box[1] + box[3]/2
		w.do(chromedp.MouseEvent(chromedp.MousePressed, box[0]+box[2]*0.05, y, chromedp.ButtonLeft),
			chromedp.MouseEvent(chromedp.MouseMoved, box[0]+box[2]*0.15, y, chromedp.ButtonLeft),
			chromedp.MouseEvent(chromedp.MouseMoved, box[0]+box[2]*0.25, y, chromedp.ButtonLeft),
			chromedp.MouseEvent(chromedp.MouseReleased, box[0]+box[2]*0.25, y, chromedp.ButtonLeft))
		w.idle()
		v := w.view()
		if v.Since == nil || v.Until == nil {
			t.Fatalf("the brush set no window: %+v", v)
		}
		want := w.expected(v)
		got := w.drawnNodes()
		if got != len(want) || got >= before {
			t.Fatalf("with the window %s → %s the page reports %d nodes (before: %d); the API gives %d", *v.Since, *v.Until, got, before, len(want))
		}
		if r := w.text("#timeline-range"); !strings.Contains(r, "→") {
			t.Fatalf("the timeline does not show the window: %q", r)
		}
		w.shot("05-brushed")
		// A click on the chart clears the window.
		w.do(chromedp.MouseClickXY(box[0]+box[2]*0.6, y))
		w.idle()
		if v := w.view(); v.Since != nil || w.drawnNodes() != before {
			t.Fatalf("clearing the window left %+v and %d nodes, want %d", v, w.drawnNodes(), before)
		}
	})

	t.Run("run a coordination and see its communities", func(t *testing.T) {
		w.t = t
		w.do(chromedp.SetValue(chromedp.CSS("#coord-dataset"), w.dataset), chromedp.SetValue(chromedp.CSS("#coord-signal"), "RETWEET"),
			chromedp.SetValue(chromedp.CSS("#coord-window"), "60"), chromedp.SetValue(chromedp.CSS("#coord-min"), "2"),
			chromedp.Click(chromedp.CSS("#coord-run")), chromedp.WaitVisible(chromedp.CSS("#coord-summary")))
		w.idle()
		c := w.api(`query($input: CoordinationInput!) { coordination(input: $input) { communities { id } network { nodes { id } } } }`,
			map[string]any{"input": map[string]any{"signal": "RETWEET", "dataset": w.dataset, "timeWindow": 60, "minParticipation": 2}})["coordination"].(map[string]any)
		communities := len(c["communities"].([]any))
		if communities < 2 {
			t.Fatalf("the fixture has %d communities; its two planted groups should give two or more", communities)
		}
		if s := w.text("#coord-summary"); !strings.HasPrefix(s, fmt.Sprintf("%d communities (modularity ", communities)) {
			t.Fatalf("the summary says %q, want %d communities", s, communities)
		}
		if rows := eval[int](w, `document.querySelectorAll("#coord-groups tbody tr").length`); rows != communities {
			t.Fatalf("the table lists %d groups, want %d", rows, communities)
		}
		if ev := eval[int](w, `document.querySelectorAll("#coord-groups tbody tr code").length`); ev == 0 {
			t.Fatal("no group shows the objects its accounts shared")
		}
		if got, want := w.drawnNodes(), len(c["network"].(map[string]any)["nodes"].([]any)); got != want {
			t.Fatalf("the canvas draws %d accounts; the run's network has %d", got, want)
		}
		if legend := w.text("#legend"); !strings.Contains(legend, "community 1") || !strings.Contains(legend, "community 2") {
			t.Fatalf("the legend does not name the communities: %q", legend)
		}
		w.shot("06-coordination")
		w.do(chromedp.SendKeys(chromedp.CSS("#coord-name"), "co-retweets 60 s"), chromedp.Click(chromedp.CSS("#coord-save")),
			chromedp.WaitVisible(chromedp.Search(`//ul[@id="coord-runs"]//button[contains(., "co-retweets 60 s")]`)))
	})

	t.Run("open related assets with evidence", func(t *testing.T) {
		w.t = t
		w.do(chromedp.Navigate(w.srv.URL + "/?seeds=" + seed + "&node=" + seed))
		w.idle()
		before := w.drawnNodes()
		related := w.api(`query($a: ID!) { relatedAssets(account: $a) { asset { id } evidence source confidence } }`, map[string]any{"a": seed})["relatedAssets"].([]any)
		if len(related) == 0 {
			t.Fatal("the fixture's seed has no related assets")
		}
		if n := eval[int](w, `document.querySelectorAll("#related li").length`); n != len(related) {
			t.Fatalf("the card lists %d related assets, want %d", n, len(related))
		}
		for i, r := range related {
			li := eval[string](w, fmt.Sprintf(`document.querySelectorAll("#related li")[%d].textContent`, i))
			m := r.(map[string]any)
			for _, want := range []string{m["evidence"].(string), "source: " + m["source"].(string), "confidence: " + m["confidence"].(string)} {
				if !strings.Contains(li, want) {
					t.Errorf("related asset %d shows %q, lacking %q", i, li, want)
				}
			}
		}
		w.do(chromedp.Click(chromedp.CSS("#card-assets")))
		w.idle()
		distinct := map[string]bool{}
		for _, r := range related {
			distinct[r.(map[string]any)["asset"].(map[string]any)["id"].(string)] = true
		}
		if got := eval[int](w, `Number(document.getElementById("graph-status").dataset.assets)`); got != len(distinct) || w.drawnNodes() != before+len(distinct) {
			t.Fatalf("drawing related assets shows %d assets and %d nodes; want %d assets beside %d nodes (banner: %q)", got, w.drawnNodes(), len(distinct), before,
				eval[string](w, `document.getElementById("banner").textContent`))
		}
		if legend := w.text("#legend"); !strings.Contains(legend, "related asset (square") {
			t.Fatalf("the legend does not explain the asset nodes: %q", legend)
		}
		w.shot("07-related-assets")
	})

	t.Run("pin, note, save, reload and find them again", func(t *testing.T) {
		w.t = t
		const note = "Posts within seconds of the creation batch"
		w.do(chromedp.SendKeys(chromedp.CSS("#inv-new-title"), "HK 2019 test"), chromedp.Click(chromedp.CSS("#inv-new")),
			chromedp.WaitVisible(chromedp.CSS("#inv-body")))
		w.idle()
		w.do(chromedp.Click(chromedp.CSS("#card-pin")), chromedp.WaitVisible(chromedp.Search(`//ul[@id="inv-pinned"]//button[contains(., "@HKpoliticsnews")]`)))
		w.idle()
		w.do(chromedp.SendKeys(chromedp.CSS("#note-text"), note), chromedp.Click(chromedp.CSS("#note-add")),
			chromedp.WaitVisible(chromedp.Search(`//ul[@id="node-notes"]//li[contains(., "`+note+`")]`)))
		w.idle()
		w.do(chromedp.SendKeys(chromedp.CSS("#view-name"), "seed and its assets"), chromedp.Click(chromedp.CSS("#save-view")),
			chromedp.WaitVisible(chromedp.Search(`//ul[@id="inv-queries"]//button[contains(., "seed and its assets")]`)))
		link := eval[string](w, `location.href`)
		w.do(chromedp.Reload())
		w.idle()
		if eval[string](w, `location.href`) != link {
			t.Fatal("the reload changed the view")
		}
		for sel, want := range map[string]string{"#inv-title": "HK 2019 test", "#inv-pinned": "@HKpoliticsnews", "#inv-notes": note,
			"#inv-queries": "seed and its assets", "#node-notes": note, "#legend": "[pinned]", "#coord-runs": "co-retweets 60 s"} {
			if got := w.text(sel); !strings.Contains(got, want) {
				t.Errorf("after the reload %s shows %q, lacking %q", sel, got, want)
			}
		}
		// The saved view opens the same picture from elsewhere.
		nodes := w.drawnNodes()
		w.do(chromedp.Navigate(w.srv.URL+"/?inv="+strings.Split(strings.Split(link, "inv=")[1], "&")[0]),
			chromedp.WaitVisible(chromedp.Search(`//ul[@id="inv-queries"]//button[contains(., "seed and its assets")]`)))
		w.idle()
		w.do(chromedp.Click(chromedp.Search(`//ul[@id="inv-queries"]//button[contains(., "seed and its assets")]`)))
		w.idle()
		if v := w.view(); !slices.Equal(v.Seeds, []string{seed}) || !slices.Equal(v.Assets, []string{seed}) || w.drawnNodes() != nodes {
			t.Fatalf("the saved view opened %+v with %d nodes, want the seed, its assets and %d nodes", v, w.drawnNodes(), nodes)
		}
		w.shot("08-kept")
	})

	t.Run("export GEXF and read it back", func(t *testing.T) {
		w.t = t
		dir := t.TempDir()
		w.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
			return err
		}), chromedp.Click(chromedp.CSS(`button[data-export="gexf"]`)))
		var file []byte
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && file == nil; time.Sleep(200 * time.Millisecond) {
			matches, _ := filepath.Glob(filepath.Join(dir, "*.gexf"))
			if len(matches) == 1 {
				file, _ = os.ReadFile(matches[0])
			}
		}
		if file == nil {
			t.Fatalf("no GEXF file was downloaded (banner: %q)", eval[string](w, `document.getElementById("banner").textContent`))
		}
		var gexf struct {
			Nodes []struct {
				ID string `xml:"id,attr"`
			} `xml:"graph>nodes>node"`
			Edges []struct{} `xml:"graph>edges>edge"`
		}
		if err := xml.Unmarshal(file, &gexf); err != nil {
			t.Fatalf("the GEXF does not parse: %v", err)
		}
		want := w.expected(pageView{Seeds: []string{seed}, Hops: 1, MinWeight: 1, Limit: 500})
		drawn := w.drawnNodes() - eval[int](w, `Number(document.getElementById("graph-status").dataset.assets)`)
		if len(gexf.Nodes) != len(want) || len(gexf.Nodes) != drawn || len(gexf.Edges) == 0 {
			t.Fatalf("the GEXF has %d nodes and %d edges; the view's network has %d accounts (drawn: %d)", len(gexf.Nodes), len(gexf.Edges), len(want), drawn)
		}
		for _, n := range gexf.Nodes {
			if !want[n.ID] {
				t.Fatalf("the GEXF has node %s, which the view's network lacks", n.ID)
			}
		}
	})

	t.Run("select by lasso, then table, pin, hide and reload", func(t *testing.T) {
		w.t = t
		inv := eval[string](w, `window.iograph.view().inv ?? ""`)
		if inv == "" {
			t.Fatal("no investigation is open")
		}
		w.do(chromedp.Navigate(w.srv.URL + "/?seeds=" + seed + "&inv=" + inv))
		w.idle()
		w.pauseLayout()
		total := w.drawnNodes()

		// Lasso mode from the keyboard, then a free-hand loop with the mouse.
		w.do(chromedp.KeyEvent("l"))
		if p := eval[string](w, `document.getElementById("lasso").getAttribute("aria-pressed")`); p != "true" {
			t.Fatalf("L left the lasso button's aria-pressed at %q", p)
		}
		box := eval[[]float64](w, `(() => { const r = document.getElementById("graph").getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`)
		pos := w.positions()
		loop, want := lassoLoop(t, pos, box)
		t.Logf("the loop has %d corners and %d of the %d drawn nodes inside", len(loop), len(want), total)
		w.drag(box, loop)
		w.idle()
		w.checkSelection(want)
		w.shot("09-lasso")

		// Esc clears the selection and leaves lasso mode; Shift-drag draws the same loop in any mode.
		w.do(chromedp.KeyEvent(kb.Escape))
		if n, p := w.text("#selection-count"), eval[string](w, `document.getElementById("lasso").getAttribute("aria-pressed")`); n != "none selected" || p != "false" {
			t.Fatalf("after Esc the count reads %q and the lasso button is pressed=%s", n, p)
		}
		if now := eval[[]float64](w, `(() => { const r = document.getElementById("graph").getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`); !slices.Equal(now, box) {
			t.Fatalf("the graph moved from %v to %v when the selection was cleared", box, now)
		}
		w.drag(box, loop, chromedp.ButtonModifiers(chromedp.ModifierShift))
		w.idle()
		w.checkSelection(want)

		w.do(chromedp.Click(chromedp.CSS("#table-selected")), chromedp.WaitVisible(chromedp.CSS("#selection-table")))
		rows := eval[[]string](w, `[...document.querySelectorAll("#selection-table tbody tr")].map((r) => r.dataset.id).sort()`)
		if !slices.Equal(rows, want) {
			t.Fatalf("the table lists %v, want the selection %v", rows, want)
		}

		pinnedBefore := w.pinned()
		w.do(chromedp.Click(chromedp.CSS("#pin-selected")))
		w.idle()
		wantPinned := append(pinnedBefore, want...)
		slices.Sort(wantPinned)
		wantPinned = slices.Compact(wantPinned)
		if got := w.pinned(); !slices.Equal(got, wantPinned) {
			t.Fatalf("the investigation pins %v, want %v", got, wantPinned)
		}

		w.do(chromedp.Click(chromedp.CSS("#hide-selected")))
		w.idle()
		if got := w.drawnNodes(); got != total-len(want) {
			t.Fatalf("hiding %d selected nodes left %d of %d drawn", len(want), got, total)
		}
		w.do(chromedp.Reload())
		w.idle()
		if got := w.pinned(); !slices.Equal(got, wantPinned) {
			t.Errorf("after the reload the investigation pins %v, want %v", got, wantPinned)
		}
		if got := w.drawnNodes(); got != total-len(want) {
			t.Errorf("after the reload %d nodes are drawn, want %d (the hidden ones stay hidden)", got, total-len(want))
		}
	})

	t.Run("no request left 127.0.0.1", func(t *testing.T) {
		if f := w.b.Foreign(); len(f) > 0 {
			t.Fatalf("the page requested other hosts: %q", f)
		}
		if c := w.b.Console(); len(c) > 0 {
			t.Errorf("the page logged errors: %q", c)
		}
	})
}

// positions are the drawn nodes' centres in the graph's viewport pixels,
// after a frame drawn now: sigma takes the graph's size when it draws, and
// the panels around it may have changed that size since its last frame.
func (w *bench) positions() map[string][2]float64 {
	var pos map[string][2]float64
	js := `window.iograph.canvas.sigma.refresh(), JSON.stringify(Object.fromEntries(window.iograph.canvas.graph.nodes()
	  .filter((n) => !window.iograph.canvas.hidden.has(n))
	  .map((n) => { const p = window.iograph.nodePosition(n); return [n, [p.x, p.y]]; })))`
	if err := json.Unmarshal([]byte(eval[string](w, js)), &pos); err != nil {
		w.t.Fatal(err)
	}
	return pos
}

// lassoLoop is a free-hand-like loop (a five-lobed blob, not convex) around
// part of the drawn nodes, and the nodes inside it by the even-odd rule. Its
// corners are whole pixels of the page (box is the graph's rectangle on it),
// as mouse events carry them, and at least 3 pixels apart (the page keeps a
// point 2 pixels or more from the last); the loop is returned in the graph's
// viewport pixels, like pos. No node lies within 1.5 pixels of the loop.
func lassoLoop(t *testing.T, pos map[string][2]float64, box []float64) ([][2]float64, []string) {
	t.Helper()
	var cx, cy float64
	for _, p := range pos {
		cx, cy = cx+p[0], cy+p[1]
	}
	cx, cy = cx/float64(len(pos)), cy/float64(len(pos))
	var dist []float64
	for _, p := range pos {
		dist = append(dist, math.Hypot(p[0]-cx, p[1]-cy))
	}
	slices.Sort(dist)
	r := dist[len(dist)/2]
	for turn := range 6 {
		for scale := 0.5; scale <= 1.2; scale += 0.025 {
			var loop [][2]float64
			for k := range 40 {
				a := 2*math.Pi*float64(k)/40 + float64(turn)*0.2
				rr := scale * r * (1 + 0.3*math.Sin(5*a))
				x := min(max(cx+0.35*r+rr*math.Cos(a), 4), box[2]-4)
				y := min(max(cy+rr*math.Sin(a), 4), box[3]-4)
				p := [2]float64{math.Round(box[0]+x) - box[0], math.Round(box[1]+y) - box[1]}
				if len(loop) == 0 || math.Hypot(p[0]-loop[len(loop)-1][0], p[1]-loop[len(loop)-1][1]) >= 3 {
					loop = append(loop, p)
				}
			}
			if len(loop) > 1 && math.Hypot(loop[0][0]-loop[len(loop)-1][0], loop[0][1]-loop[len(loop)-1][1]) < 3 {
				loop = loop[:len(loop)-1]
			}
			var in []string
			clear := true
			for id, p := range pos {
				if nearLoop(p, loop) < 1.5 {
					clear = false
					break
				}
				if insideLoop(p, loop) {
					in = append(in, id)
				}
			}
			if clear && len(in) >= 2 && len(in) <= len(pos)-2 {
				slices.Sort(in)
				return loop, in
			}
		}
	}
	t.Fatalf("no loop fits around part of the %d drawn nodes", len(pos))
	return nil, nil
}

// insideLoop is the even-odd rule, written apart from the page's.
func insideLoop(p [2]float64, loop [][2]float64) bool {
	crossings := 0
	for i := range loop {
		a, b := loop[i], loop[(i+1)%len(loop)]
		if (a[1] > p[1]) == (b[1] > p[1]) {
			continue
		}
		if x := a[0] + (p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]); x > p[0] {
			crossings++
		}
	}
	return crossings%2 == 1
}

// nearLoop is the distance from p to the closest side of the loop.
func nearLoop(p [2]float64, loop [][2]float64) float64 {
	best := math.Inf(1)
	for i := range loop {
		a, b := loop[i], loop[(i+1)%len(loop)]
		dx, dy := b[0]-a[0], b[1]-a[1]
		t := 0.0
		if l := dx*dx + dy*dy; l > 0 {
			t = max(0, min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
		}
		best = min(best, math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy))
	}
	return best
}

// drag presses the left button at the loop's first corner, moves through
// every corner and releases it back at the start; box is the graph's
// top-left corner on the page. DevTools merges mouse moves sent faster than
// a busy page takes them (and the merged points did not all reach the
// page's coalesced events), so each move waits until the page has its point.
func (w *bench) drag(box []float64, loop [][2]float64, opts ...chromedp.MouseOption) {
	at := func(p [2]float64) (float64, float64) { return math.Round(box[0] + p[0]), math.Round(box[1] + p[1]) } // whole pixels
	btn := append([]chromedp.MouseOption{chromedp.ButtonLeft}, opts...)
	x, y := at(loop[0])
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x, y, btn...)}
	for i, p := range loop[1:] {
		x, y := at(p)
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x, y, btn...), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[bool](fmt.Sprintf(`window.iograph.lassoPoints() >= %d`, i+2), chromedp.WithPollingInterval(5*time.Millisecond))(ctx, t)
			return err
		}))
	}
	x, y = at(loop[0])
	w.do(append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x, y, btn...))...)
}

// checkSelection asserts that the page selected exactly want, counts it,
// and draws each of them highlighted.
func (w *bench) checkSelection(want []string) {
	w.t.Helper()
	if got := eval[[]string](w, `window.iograph.selection()`); !slices.Equal(got, want) {
		w.t.Fatalf("the lasso selected %d nodes %v; inside the loop are %d: %v", len(got), got, len(want), want)
	}
	if c := w.text("#selection-count"); c != fmt.Sprintf("%d selected", len(want)) {
		w.t.Fatalf("the toolbar says %q, want %d selected", c, len(want))
	}
	if s := eval[string](w, `document.getElementById("graph-status").textContent`); !strings.Contains(s, fmt.Sprintf("· %d selected", len(want))) {
		w.t.Fatalf("the status line says %q", s)
	}
	js := `window.iograph.selection().filter((n) => !window.iograph.canvas.sigma.getNodeDisplayData(n)?.highlighted).length`
	if n := eval[int](w, js); n != 0 {
		w.t.Fatalf("%d selected nodes are not drawn highlighted", n)
	}
}

// pinned are the ids the investigation panel lists as pinned, sorted.
func (w *bench) pinned() []string {
	return eval[[]string](w, `[...document.querySelectorAll("#inv-pinned li")].map((li) => li.dataset.id).sort()`)
}
