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
// drawbench then sends real wheel and drag events through DevTools while
// ForceAtlas2 runs in its worker, and the page records, for each, the time
// from the event to the next frame sigma renders.
//
//	go run ./bench/drawbench -runs 5
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
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/iograph/iograph/web"
	"github.com/iograph/iograph/web/browsertest"
)

func main() {
	nodes := flag.Int("nodes", 5000, "nodes of the generated network")
	edges := flag.Int("edges", 20000, "edges of the generated network")
	runs := flag.Int("runs", 3, "page loads to measure")
	moves := flag.Int("moves", 10, "wheel zooms and drags per page load")
	flag.Parse()
	exe := browsertest.Chromium()
	if exe == "" {
		log.Fatal("no Chromium: apt-get install chromium, or set IOGRAPH_CHROMIUM")
	}
	network := generate(*nodes, *edges)
	srv := httptest.NewServer(handler(network))
	defer srv.Close()

	fmt.Printf("network: %d nodes, %d edges (%d KB of JSON); Chromium %s; %d runs of %d zooms and %d drags\n",
		*nodes, *edges, len(network)/1024, exe, *runs, *moves, *moves)
	var draw, first, all []float64
	for r := range *runs {
		d, f, lat, err := measure(exe, srv.URL, *moves)
		if err != nil {
			log.Fatalf("run %d: %v", r+1, err)
		}
		slices.Sort(lat)
		fmt.Printf("run %d: data → first frame %4.0f ms; data → first frame after the first zoom %4.0f ms; event → frame median %3.0f ms, max %3.0f ms (%d events)\n",
			r+1, d, f, lat[len(lat)/2], lat[len(lat)-1], len(lat))
		draw, first, all = append(draw, d), append(first, f), append(all, lat...)
	}
	slices.Sort(draw)
	slices.Sort(first)
	slices.Sort(all)
	fmt.Printf("median of %d runs: data → drawn %.0f ms; data → answering a zoom %.0f ms; event → frame median %.0f ms, p95 %.0f ms, max %.0f ms\n",
		*runs, draw[len(draw)/2], first[len(first)/2], all[len(all)/2], all[len(all)*95/100], all[len(all)-1])
}

// measure loads the page once and returns, in milliseconds: from the
// network's arrival to its first frame; from its arrival to the first frame
// after a zoom sent as soon as it was drawn; and event-to-frame latencies.
func measure(exe, base string, moves int) (drawn, answered float64, lat []float64, err error) {
	b, err := browsertest.Start(context.Background(), exe, 1400, 900)
	if err != nil {
		return 0, 0, nil, err
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
		chromedp.Navigate(base+"/?seeds=s0&limit=5000"),
		void(chromedp.Poll[bool](`window.iograph && window.iograph.networkDrawn > 0`, chromedp.WithPollingInterval(5*time.Millisecond))),
	)
	if err != nil {
		return 0, 0, nil, err
	}
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.getElementById("graph").getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`))
	if err != nil {
		return 0, 0, nil, err
	}
	cx, cy := box[0]+box[2]/2, box[1]+box[3]/2
	// The first zoom, right away, while ForceAtlas2 has just started.
	before, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.now()`))
	if err == nil {
		err = chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseWheel, cx, cy, func(p *inputParams) { p.DeltaX, p.DeltaY = 0.01, -120 }),
			void(chromedp.Poll[bool](fmt.Sprintf(`window.iograph.lastRender > %f`, before), chromedp.WithPollingInterval(5*time.Millisecond))))
	}
	if err != nil {
		return 0, 0, nil, err
	}
	times, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[window.iograph.networkArrived, window.iograph.networkDrawn, window.iograph.lastRender]`))
	if err != nil {
		return 0, 0, nil, err
	}
	drawn, answered = times[1]-times[0], times[2]-times[0]
	// Then zooms and drags while the layout runs.
	if _, err = chromedp.Run(ctx, chromedp.Evaluate[bool](probe)); err != nil {
		return 0, 0, nil, err
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
			return 0, 0, nil, err
		}
	}
	lat, err = chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.__lat`))
	if err == nil && len(lat) == 0 {
		err = fmt.Errorf("no frame followed any event")
	}
	if c := b.Console(); err == nil && len(c) > 0 {
		err = fmt.Errorf("the page logged errors: %q", c)
	}
	return drawn, answered, lat, err
}

// generate is a network shaped like an amplification network: a few seeds
// that many accounts amplify, and amplifiers that amplify each other, as
// the API's JSON.
func generate(nodes, edges int) []byte {
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
	b, _ := json.Marshal(map[string]any{"data": map[string]any{"network": net}})
	return b
}

// handler serves the embedded workbench and a stand-in API.
func handler(network []byte) http.Handler {
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
	mux.HandleFunc("POST /graphql", func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Query string }
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &req)
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(req.Query, "query Network(") {
			_, _ = w.Write(network)
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
