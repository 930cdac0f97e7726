package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestReport(t *testing.T) {
	const (
		pass = `{"Action":"start","Package":"github.com/iograph/iograph/internal/coord"}
{"Action":"run","Package":"github.com/iograph/iograph/internal/coord","Test":"TestA"}
{"Action":"output","Package":"github.com/iograph/iograph/internal/coord","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"github.com/iograph/iograph/internal/coord","Test":"TestA","Elapsed":0.5}
{"Action":"output","Package":"github.com/iograph/iograph/internal/coord","Output":"ok  \tgithub.com/iograph/iograph/internal/coord\t1.2s\n"}
{"Action":"pass","Package":"github.com/iograph/iograph/internal/coord","Elapsed":1.25}
`
		noTests = `{"Action":"output","Package":"github.com/iograph/iograph/graph","Output":"?   \tgithub.com/iograph/iograph/graph\t[no test files]\n"}
{"Action":"skip","Package":"github.com/iograph/iograph/graph","Elapsed":0}
`
		testFails = `{"Action":"output","Package":"github.com/iograph/iograph/internal/store","Test":"TestB","Output":"    store_test.go:10: stats = 3, want 4\n"}
{"Action":"fail","Package":"github.com/iograph/iograph/internal/store","Test":"TestB","Elapsed":2}
{"Action":"output","Package":"github.com/iograph/iograph/internal/store","Test":"TestC","Output":"    fine\n"}
{"Action":"pass","Package":"github.com/iograph/iograph/internal/store","Test":"TestC","Elapsed":2}
{"Action":"output","Package":"github.com/iograph/iograph/internal/store","Output":"FAIL\n"}
{"Action":"fail","Package":"github.com/iograph/iograph/internal/store","Elapsed":30.04}
`
		buildFails = `{"ImportPath":"github.com/iograph/iograph/web [github.com/iograph/iograph/web.test]","Action":"build-output","Output":"web/web.go:3:1: syntax error\n"}
{"ImportPath":"github.com/iograph/iograph/web [github.com/iograph/iograph/web.test]","Action":"build-fail"}
{"Action":"output","Package":"github.com/iograph/iograph/web","Output":"FAIL\tgithub.com/iograph/iograph/web [build failed]\n"}
{"Action":"fail","Package":"github.com/iograph/iograph/web","Elapsed":0}
`
	)
	for _, tc := range []struct {
		name, in   string
		wantFailed bool
		want, not  []string
	}{
		{name: "a package passes", in: pass,
			want: []string{"ok   internal/coord", "1.2s", "(1s since the start)", "1 packages passed, 0 failed, 0 have no tests, in 2s"},
			not:  []string{"=== RUN", "FAILED"}},
		{name: "no test files", in: noTests, want: []string{"–    graph", "0 packages passed, 0 failed, 1 have no tests"}},
		{name: "a test fails: its output, not the others'", in: testFails, wantFailed: true,
			want: []string{"store_test.go:10: stats = 3, want 4", "FAIL internal/store", "30.0s", "FAILED: internal/store"},
			not:  []string{"fine"}},
		{name: "a build fails", in: buildFails, wantFailed: true,
			want: []string{"web/web.go:3:1: syntax error", "[build failed]", "FAIL web", "FAILED: web"}},
		{name: "lines that are not events pass through", in: "# vet says\n" + pass, want: []string{"# vet says\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := time.Date(2026, 12, 7, 13, 0, 0, 0, time.UTC)
			now := func() time.Time { clock = clock.Add(time.Second); return clock }
			var out bytes.Buffer
			failed, err := report(strings.NewReader(tc.in), &out, now)
			if err != nil {
				t.Fatal(err)
			}
			if failed != tc.wantFailed {
				t.Errorf("failed = %v, want %v", failed, tc.wantFailed)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out.String(), n) {
					t.Errorf("output has %q:\n%s", n, out.String())
				}
			}
		})
	}
}
