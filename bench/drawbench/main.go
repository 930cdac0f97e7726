// Command drawbench measures how fast the workbench draws a large network
// and how soon it answers pan and zoom, in Debian's headless Chromium: the
// target is a 5,000-node, 20,000-edge network drawn and responding within
// 1 s of its data arriving.
//
// It serves the embedded workbench (web.Workbench, web.WorkbenchAssets)
// on 127.0.0.1 with a stand-in /graphql that answers the page's Network
// query with a generated network of -nodes and -edges (the server's own
// network query speed is measured elsewhere) and its other queries with
// empty answers. The page marks when the Network answer is parsed
// (iograph.networkArrived) and when sigma first draws it (networkDrawn);
// drawbench then sends real wheel and drag events through DevTools
// (ForceAtlas2 waits for the Layout button at this size), and the page
// records, for each, the time from the event to the next frame sigma
// renders.
//
// With -baseline REV it also serves the bundle committed at git revision
// REV (web/dist) under /base/, and measures both pages in the same run,
// alternately, each starting first in turn, and prints this tree's
// figures as ratios of the baseline's.
//
//	go run ./bench/drawbench -runs 5 -baseline main
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/iograph/iograph/bench/internal/benchkit"
	"github.com/iograph/iograph/web"
	"github.com/iograph/iograph/web/browsertest"
)

func main() {
	nodes := flag.Int("nodes", 5000, "nodes of the generated network")
	edges := flag.Int("edges", 20000, "edges of the generated network")
	runs := flag.Int("runs", 3, "page loads to measure (of each page)")
	moves := flag.Int("moves", 10, "wheel zooms and drags per page load")
	baseline := flag.String("baseline", "", "a git revision whose committed web/dist to measure beside this tree's, in the same run")
	flag.Parse()
	exe := browsertest.Chromium()
	if exe == "" {
		log.Fatal("no Chromium: apt-get install chromium, or set IOGRAPH_CHROMIUM")
	}
	pages := []page{{name: "this tree", path: "/"}}
	var base map[string][]byte
	if *baseline != "" {
		var err error
		if base, err = committedDist(*baseline); err != nil {
			log.Fatal(err)
		}
		pages = append([]page{{name: "baseline " + *baseline, path: "/base/"}}, pages...)
	}
	network, drawing := generate(*nodes, *edges)
	srv := httptest.NewServer(handler(network, drawing, base))
	defer srv.Close()

	fmt.Printf("network: %d nodes, %d edges (%d KB of JSON with edges as objects, %d KB as columns); Chromium %s; %d runs of %d zooms and %d drags; load average %s\n",
		*nodes, *edges, len(network)/1024, len(drawing)/1024, exe, *runs, *moves, *moves, benchkit.LoadAvg())
	for r := range *runs {
		for i := range pages {
			p := &pages[(i+r)%len(pages)] // each page starts first in turn
			m, err := measure(exe, srv.URL+p.path, *moves)
			if err != nil {
				log.Fatalf("run %d, %s: %v", r+1, p.name, err)
			}
			slices.Sort(m.lat)
			fmt.Printf("run %d, %-16s data → first frame %4.0f ms; data → first frame after the first zoom %4.0f ms; event → frame median %3.0f ms, max %4.0f ms (%d events)%s\n",
				r+1, p.name+":", m.drawn, m.answered, m.lat[len(m.lat)/2], m.lat[len(m.lat)-1], len(m.lat), m.timings)
			p.drawn, p.answered, p.lat = append(p.drawn, m.drawn), append(p.answered, m.answered), append(p.lat, m.lat...)
		}
	}
	for _, p := range pages {
		fmt.Printf("%s, median of %d runs: data → drawn %.0f ms; data → answering a zoom %.0f ms; event → frame median %.0f ms, p95 %.0f ms, max %.0f ms\n",
			p.name, *runs, median(p.drawn), median(p.answered), median(p.lat), quantile(p.lat, 0.95), quantile(p.lat, 1))
	}
	if len(pages) == 2 {
		b, t := pages[0], pages[1]
		fmt.Printf("this tree / baseline: data → drawn %.2fx; data → answering a zoom %.2fx; event → frame median %.2fx, p95 %.2fx\n",
			median(t.drawn)/median(b.drawn), median(t.answered)/median(b.answered), median(t.lat)/median(b.lat), quantile(t.lat, 0.95)/quantile(b.lat, 0.95))
	}
	fmt.Printf("load average at the end: %s\n", benchkit.LoadAvg())
}

// page is one workbench bundle under test and its figures so far.
type page struct {
	name, path           string
	drawn, answered, lat []float64
}

func median(xs []float64) float64 { return quantile(xs, 0.5) }

// quantile is the q-quantile of xs by the nearest rank below (q = 1: the maximum).
func quantile(xs []float64, q float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// committedDist reads the workbench's page, script and stylesheet as
// committed at rev.
func committedDist(rev string) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, name := range []string{"index.html", "app.js", "app.css"} {
		cmd := exec.Command("git", "show", rev+":web/dist/"+name)
		cmd.Dir = benchkit.ModuleRoot()
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git show %s:web/dist/%s: %w", rev, name, err)
		}
		files[name] = out
	}
	// The page names its files under /assets/; the baseline's are under /base/assets/.
	files["index.html"] = []byte(strings.ReplaceAll(string(files["index.html"]), `"/assets/`, `"/base/assets/`))
	return files, nil
}

// measurement is one page load's figures, in milliseconds.
type measurement struct {
	drawn, answered float64
	lat             []float64
	timings         string // where the page says the drawing spent its time, when it says so
}

// measure loads the page at url once and returns, in milliseconds: from
// the network's arrival to its first frame; from its arrival to the first
// frame after a zoom sent as soon as it was drawn; and event-to-frame
// latencies.
func measure(exe, url string, moves int) (m measurement, err error) {
	b, err := browsertest.Start(context.Background(), exe, 1400, 900)
	if err != nil {
		return m, err
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Minute)
	defer cancel()
	// Every wheel and mouse event on the canvas notes its time; the next
	// frame sigma renders records the delay.
	const probe = `(() => {
	  const g = document.getElementById("graph"); window.__lat = []; let pending = [];
	  for (const t of ["wheel", "mousemove"]) g.addEventListener(t, (e) => pending.push(e.timeStamp), {capture: true, passive: true});
	  window.iograph.canvas.sigma.on("afterRender", () => { const now = performance.now();
	    for (const t of pending) window.__lat.push(now - t); pending = []; });
	  return true; })()`
	err = chromedp.Do(ctx,
		chromedp.Navigate(url+"?seeds=s0&limit=5000"),
		void(chromedp.Poll[bool](`window.iograph && window.iograph.networkDrawn > 0`, chromedp.WithPollingInterval(5*time.Millisecond))),
	)
	if err != nil {
		return m, err
	}
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.getElementById("graph").getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`))
	if err != nil {
		return m, err
	}
	cx, cy := box[0]+box[2]/2, box[1]+box[3]/2
	// The first zoom, right away; the page notes when the wheel event
	// reached it, and the answer is the first frame sigma renders after that.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { window.__wheel = 0;
	  document.getElementById("graph").addEventListener("wheel", (e) => { window.__wheel = e.timeStamp; }, {capture: true, once: true});
	  return true; })()`))
	if err == nil {
		err = chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseWheel, cx, cy, func(p *inputParams) { p.DeltaX, p.DeltaY = 0.01, -120 }),
			void(chromedp.Poll[bool](`window.__wheel > 0 && window.iograph.lastRender > window.__wheel`, chromedp.WithPollingInterval(5*time.Millisecond))))
	}
	if err != nil {
		return m, err
	}
	times, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[window.iograph.networkArrived, window.iograph.networkDrawn, window.iograph.lastRender]`))
	if err != nil {
		return m, err
	}
	m.drawn, m.answered = times[1]-times[0], times[2]-times[0]
	split, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const t = window.iograph.timings ? window.iograph.timings() : null;
	  return t ? [t.build, t.index, t.process, t.render] : []; })()`))
	if err != nil {
		return m, err
	}
	if len(split) == 4 {
		m.timings = fmt.Sprintf(" [build %.0f, index %.0f, process %.0f, render %.0f ms]", split[0], split[1], split[2], split[3])
	}
	// Then zooms and drags while the layout runs.
	if _, err = chromedp.Run(ctx, chromedp.Evaluate[bool](probe)); err != nil {
		return m, err
	}
	for i := range moves {
		dy := -120.0
		if i%2 == 1 {
			dy = 120
		}
		steps := []chromedp.Action[chromedp.Void]{
			chromedp.MouseEvent(chromedp.MouseWheel, cx, cy, func(p *inputParams) { p.DeltaX, p.DeltaY = 0.01, dy }),
			chromedp.Sleep(120 * time.Millisecond),
			chromedp.MouseEvent(chromedp.MousePressed, cx, cy, chromedp.ButtonLeft),
		}
		for s := 1; s <= 5; s++ {
			steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, cx+float64(s*12), cy+float64(s*8), chromedp.ButtonLeft),
				chromedp.Sleep(30*time.Millisecond))
		}
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, cx+60, cy+40, chromedp.ButtonLeft), chromedp.Sleep(150*time.Millisecond))
		if err = chromedp.Do(ctx, steps...); err != nil {
			return m, err
		}
	}
	m.lat, err = chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.__lat`))
	if err == nil && len(m.lat) == 0 {
		err = fmt.Errorf("no frame followed any event")
	}
	if c := b.Console(); err == nil && len(c) > 0 {
		err = fmt.Errorf("the page logged errors: %q", c)
	}
	return m, err
}

// generate is a network shaped like an amplification network: a few seeds
// that many accounts amplify, and amplifiers that amplify each other, as
// the API's JSON: with the edges as objects (the Network query, which a
// baseline bundle from before edgeTable sends) and as columns
// (NetworkDrawing, what the page sends now).
func generate(nodes, edges int) (objects, columns []byte) {
	r := rand.New(rand.NewPCG(1, 2))
	type node struct {
		ID         string         `json:"id"`
		Kind       string         `json:"kind"`
		Label      string         `json:"label"`
		Platform   string         `json:"platform"`
		Properties map[string]any `json:"properties"`
	}
	type edge struct {
		ID         string         `json:"id"`
		Source     string         `json:"source"`
		Target     string         `json:"target"`
		Kind       string         `json:"kind"`
		Weight     float64        `json:"weight"`
		Properties map[string]any `json:"properties"`
	}
	var net struct {
		Truncated bool   `json:"truncated"`
		Nodes     []node `json:"nodes"`
		Edges     []edge `json:"edges"`
	}
	net.Truncated = true
	for i := range nodes {
		hop := 1
		if i < 20 {
			hop = 0
		}
		net.Nodes = append(net.Nodes, node{ID: fmt.Sprintf("s%d", i), Kind: "Account", Label: fmt.Sprintf("@account%d", i),
			Platform: "TWITTER", Properties: map[string]any{"hop": hop, "seed": i == 0, "createdAt": "2019-06-01"}})
	}
	seen := map[[2]int]bool{}
	for len(net.Edges) < edges {
		a := r.IntN(nodes)
		b := r.IntN(20) // most edges go to the seeds…
		if r.IntN(3) == 0 {
			b = r.IntN(nodes) // …the rest between amplifiers
		}
		if a == b || seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		net.Edges = append(net.Edges, edge{ID: fmt.Sprintf("AMPLIFIED:s%d->s%d", a, b), Source: fmt.Sprintf("s%d", a), Target: fmt.Sprintf("s%d", b),
			Kind: "AMPLIFIED", Weight: float64(1 + r.IntN(20)), Properties: map[string]any{"retweets": 1, "firstAt": "2019-06-02T00:00:00Z"}})
	}
	objects, _ = json.Marshal(map[string]any{"data": map[string]any{"network": net}})
	// The same network as NetworkDrawing asks for it: nodes and edges as
	// columns (Network.nodeTable, edgeTable), ends as places in nodes.
	type table struct {
		Source []int     `json:"source"`
		Target []int     `json:"target"`
		Kind   []string  `json:"kind"`
		Weight []float64 `json:"weight"`
	}
	var tab table
	for _, e := range net.Edges {
		var a, b int
		fmt.Sscanf(e.Source, "s%d", &a)
		fmt.Sscanf(e.Target, "s%d", &b)
		tab.Source, tab.Target, tab.Kind, tab.Weight = append(tab.Source, a), append(tab.Target, b), append(tab.Kind, e.Kind), append(tab.Weight, e.Weight)
	}
	nodeTab := map[string][]any{}
	for _, n := range net.Nodes {
		for k, v := range map[string]any{"id": n.ID, "kind": n.Kind, "label": n.Label, "platform": n.Platform, "properties": n.Properties} {
			nodeTab[k] = append(nodeTab[k], v)
		}
	}
	columns, _ = json.Marshal(map[string]any{"data": map[string]any{"network": map[string]any{
		"truncated": net.Truncated, "nodeTable": nodeTab, "edgeTable": tab}}})
	return objects, columns
}

// handler serves the embedded workbench, the baseline's under /base/ when
// there is one (with the embedded page's headers), and a stand-in API.
func handler(network, drawing []byte, base map[string][]byte) http.Handler {
	empty := map[string]string{
		"Me":                 `{"me":{"name":"bench","role":"ANALYST"}}`,
		"Investigations":     `{"investigations":{"edges":[]}}`,
		"SavedQueries":       `{"savedQueries":{"edges":[]}}`,
		"SavedCoordinations": `{"savedCoordinations":[]}`,
		"Datasets":           `{"datasets":[]}`,
		"AccountCard":        `{"account":null}`,
		"Amplifiers":         `{"amplifiers":{"totalCount":0,"edges":[]}}`,
		"Timeline":           `{"timeline":[]}`,
		"Notes":              `{"notes":[]}`,
		"CreationBatches":    `{"creationBatches":[]}`,
	}
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", web.Workbench())
	mux.Handle("GET /assets/", web.WorkbenchAssets("/assets/"))
	if base != nil {
		rec := httptest.NewRecorder()
		web.Workbench()(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		mux.HandleFunc("GET /base/{$}", func(w http.ResponseWriter, r *http.Request) {
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			_, _ = w.Write(base["index.html"])
		})
		mux.HandleFunc("GET /base/assets/{name}", func(w http.ResponseWriter, r *http.Request) {
			name := r.PathValue("name")
			b, ok := base[name]
			if !ok || name == "index.html" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}[path.Ext(name)])
			_, _ = w.Write(b)
		})
	}
	mux.HandleFunc("POST /graphql", func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Query string }
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &req)
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(req.Query, "query Network(") {
			_, _ = w.Write(network)
			return
		}
		if strings.Contains(req.Query, "query NetworkDrawing(") {
			_, _ = w.Write(drawing)
			return
		}
		for name, data := range empty {
			if strings.Contains(req.Query, "query "+name+"(") || strings.Contains(req.Query, "query "+name+" {") {
				_, _ = fmt.Fprintf(w, `{"data":%s}`, data)
				return
			}
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintln(w, `{"errors":[{"message":"drawbench answers only the page's read queries"}]}`)
	})
	return mux
}

// inputParams are a mouse event's; DevTools needs deltaX on a wheel event, and 0 is left out of the JSON.
type inputParams = input.DispatchMouseEventParams

// void drops an action's value.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error { _, err := a(ctx, t); return err })
}

func init() { log.SetFlags(0); log.SetOutput(os.Stderr) }
