// Package browsertest drives Debian's headless Chromium with chromedp for
// the workbench's browser tests and the draw bench: it starts the browser
// with software WebGL, refuses every request that leaves 127.0.0.1, and
// reads what the page shows (pixels, text).
package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Chromium finds the browser: $IOGRAPH_CHROMIUM, else Debian's chromium
// package (its binary, not the wrapper script, whose memory check fails
// under some shells), else chromium on PATH. "" when there is none.
func Chromium() string {
	if p := os.Getenv("IOGRAPH_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/lib/chromium/chromium"); err == nil {
		return "/usr/lib/chromium/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Need returns the browser for a test, or ends the test: it fails under
// CI=true (CI must run the browser tests) and skips with the reason otherwise.
func Need(t testing.TB) string {
	t.Helper()
	p := Chromium()
	if p != "" {
		return p
	}
	msg := "no Chromium: install Debian's chromium package (apt-get install chromium) or set IOGRAPH_CHROMIUM"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// Browser is one headless Chromium with one tab.
type Browser struct {
	Ctx    context.Context
	cancel []context.CancelFunc

	mu      sync.Mutex
	foreign []string // requests to hosts other than 127.0.0.1
	console []string // console errors and uncaught exceptions
}

// Start launches exec (from Need or Chromium) with a window of w×h and
// software WebGL, and records every request the page makes.
func Start(ctx context.Context, exec string, w, h int) (*Browser, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exec),
		chromedp.WindowSize(w, h),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("headless", "new"),
		// WebGL without a GPU: ANGLE on SwiftShader.
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("ignore-gpu-blocklist", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
	)
	b := &Browser{}
	actx, c1 := chromedp.NewExecAllocator(ctx, opts...)
	// The listener sees the tab's events from its start; the tab attaches
	// with the Network and Runtime domains on.
	bctx, c2 := chromedp.NewContext(actx, chromedp.WithListener(b.record))
	b.Ctx, b.cancel = bctx, []context.CancelFunc{c2, c1}
	if err := chromedp.Do(bctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("start %s: %w", exec, err)
	}
	return b, nil
}

func (b *Browser) record(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if !Local(ev.Request.URL) {
			b.foreign = append(b.foreign, ev.Request.URL)
		}
	case *network.EventWebSocketCreated:
		if !Local(ev.URL) {
			b.foreign = append(b.foreign, ev.URL)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		b.console = append(b.console, "exception: "+msg)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			b.console = append(b.console, "console.error: "+strings.Join(parts, " "))
		}
	}
}

// Close ends the browser.
func (b *Browser) Close() {
	for _, c := range b.cancel {
		c()
	}
}

// Foreign lists the requests so far to anything but 127.0.0.1.
func (b *Browser) Foreign() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.foreign...)
}

// Console lists the page's console errors and uncaught exceptions so far.
func (b *Browser) Console() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.console...)
}

// Local reports whether a request URL stays on this machine's 127.0.0.1:
// http(s) to 127.0.0.1, or data: and blob: URLs of such a page.
func Local(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data":
		return true
	case "blob":
		return Local(u.Opaque)
	case "http", "https", "ws", "wss":
		return u.Hostname() == "127.0.0.1"
	}
	return false
}

// InkPixels counts the pixels of a PNG that differ from its background
// (the colour of its top-left pixel) by more than a little: a blank canvas
// has none.
func InkPixels(pngBytes []byte) (ink, total int, err error) {
	img, err := png.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		return 0, 0, err
	}
	b := img.Bounds()
	bg := rgb(img, b.Min.X, b.Min.Y)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := rgb(img, x, y)
			d := abs(c[0]-bg[0]) + abs(c[1]-bg[1]) + abs(c[2]-bg[2])
			if d > 48 {
				ink++
			}
			total++
		}
	}
	return ink, total, nil
}

func rgb(img image.Image, x, y int) [3]int {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
