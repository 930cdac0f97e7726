package store

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/coord"
	"github.com/iograph/iograph/internal/model"
)

// A chunk's rows must come back exactly, whatever the strings hold (empty,
// long, multi-byte, separators of other encodings), with the time window
// applied; a damaged chunk must be refused, never read as other rows.
func TestChunkRowsRoundTrip(t *testing.T) {
	long := strings.Repeat("x", 70_000)
	record := []any{
		[]any{"acc:1", "", "ünï #香港"},
		[]any{int64(2), int64(0), int64(3)},
		[]any{"1160000000000000123", "https://example.org/a:b?c=1:2", "", long, "9"},
		[]any{"p1", "p2", "p3", "", "p5"},
		[]any{int64(1_565_000_000_000), int64(-5), int64(0), int64(1_565_000_000_001), int64(1 << 50)},
	}
	all := []coord.Share{
		{Object: "1160000000000000123", Account: "acc:1", Content: "p1", TimeMs: 1_565_000_000_000},
		{Object: "https://example.org/a:b?c=1:2", Account: "acc:1", Content: "p2", TimeMs: -5},
		{Object: "", Account: "ünï #香港", Content: "p3", TimeMs: 0},
		{Object: long, Account: "ünï #香港", Content: "", TimeMs: 1_565_000_000_001},
		{Object: "9", Account: "ünï #香港", Content: "p5", TimeMs: 1 << 50},
	}
	rows, n, err := encodeChunk(record)
	if err != nil || n != 5 {
		t.Fatalf("encodeChunk: %d shares, %v", n, err)
	}
	since, until := time.UnixMilli(0), time.UnixMilli(1_565_000_000_001)
	for _, c := range []struct {
		name         string
		since, until *time.Time
		want         []coord.Share
	}{
		{"all", nil, nil, all},
		{"since", &since, nil, []coord.Share{all[0], all[2], all[3], all[4]}},
		{"until", nil, &until, all[:3]},
		{"both", &since, &until, []coord.Share{all[0], all[2]}},
	} {
		got, err := decodeChunk(rows, c.since, c.until)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, %v; want %v", c.name, got, err, c.want)
		}
	}

	for _, cut := range []int{0, 1, 5, len(rows) / 2, len(rows) - 1} {
		if got, err := decodeChunk(rows[:cut], nil, nil); err == nil {
			t.Errorf("rows cut to %d bytes decoded as %d shares, want an error", cut, len(got))
		}
	}
	if got, err := decodeChunk(append(slices.Clone(rows), 0), nil, nil); err == nil {
		t.Errorf("rows with a trailing byte decoded as %d shares, want an error", len(got))
	}
	for name, bad := range map[string][]any{
		"columns":       record[:4],
		"sizes too big": {record[0], []any{int64(2), int64(0), int64(4)}, record[2], record[3], record[4]},
		"sizes short":   {record[0], []any{int64(2), int64(0), int64(2)}, record[2], record[3], record[4]},
		"lists differ":  {record[0], record[1], record[2], []any{"p1", "p2", "p3", ""}, record[4]},
	} {
		if _, _, err := encodeChunk(bad); err == nil {
			t.Errorf("encodeChunk with bad %s: no error", name)
		}
	}
}

// share_index_present.cypher decides that a signal's index is empty from
// the relationship types its object query follows; a type it forgets would
// leave an index empty that should not be. Every indexed signal must have a
// column there, naming every type its shares_object query follows from the
// post.
func TestSharesPresentNamesEveryObjectRelationship(t *testing.T) {
	lines := map[string]string{}
	for _, l := range strings.Split(shareIndexPresentCypher, "\n") {
		if i := strings.LastIndex(l, " AS "); i >= 0 {
			lines[strings.TrimSuffix(strings.TrimSpace(l[i+4:]), ",")] = l
		}
	}
	rel := regexp.MustCompile(`\(p\)-\[:([A-Z_]+)\]`)
	for _, sig := range model.AllCoordinationSignals {
		if !indexed(sig) {
			continue
		}
		line, ok := lines[string(sig)]
		if !ok {
			t.Errorf("share_index_present.cypher has no column %s", sig)
			continue
		}
		q, err := sharesObjects.ReadFile("shares_object/" + strings.ToLower(string(sig)) + ".cypher")
		if err != nil {
			t.Fatal(err)
		}
		types := rel.FindAllStringSubmatch(string(q), -1)
		if len(types) == 0 {
			t.Errorf("%s: no relationship from the post found in its object query", sig)
		}
		for _, m := range types {
			if !strings.Contains(line, "[:"+m[1]+"]") {
				t.Errorf("%s: share_index_present.cypher does not count %s: %s", sig, m[1], line)
			}
		}
	}
}
