package loaders

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// Off a terminal the progress is log lines: the file's counts while rows
// are read, then the phase that follows, so an operator watching a long
// derivation sees that it is one.
func TestProgressLogsFileThenPhase(t *testing.T) {
	var logs bytes.Buffer
	p := NewProgress(&bytes.Buffer{}, slog.New(slog.NewTextHandler(&logs, nil)), 0)
	var c Counter
	p.Track("tweets.csv", 100, &c)
	p.AddRows(7)
	p.report()
	p.Phase("deriving aggregates of china_082019_1")
	p.report()
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 log lines, got %d:\n%s", len(lines), logs.String())
	}
	for i, want := range [][]string{
		{"msg=loading", "file=tweets.csv", "rows=7", "bytes=0/100"},
		{`msg="deriving aggregates of china_082019_1"`, "rows=7", "for=0s"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %d %q lacks %q", i+1, lines[i], w)
			}
		}
	}
}

// After Hand another process reports (neo4j-admin after a conversion): a
// tick must log nothing, not the last phase with a growing "for".
func TestProgressSilentAfterHand(t *testing.T) {
	var logs bytes.Buffer
	p := NewProgress(&bytes.Buffer{}, slog.New(slog.NewTextHandler(&logs, nil)), 0)
	p.Phase("deriving aggregates")
	p.report()
	before := logs.Len()
	if before == 0 {
		t.Fatal("the phase logged nothing before Hand")
	}
	p.Hand()
	p.report()
	if logs.Len() != before {
		t.Fatalf("a report after Hand logged: %s", logs.String()[before:])
	}
	var nilP *Progress
	nilP.Hand() // an import without progress
}
