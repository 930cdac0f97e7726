package crowdtangle

import (
	"strings"
	"testing"

	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/loadertest"
)

// FuzzRow parses arbitrary CrowdTangle rows: an accepted one has a numeric
// post id, a known platform and keys Neo4j can index.
func FuzzRow(f *testing.F) {
	loadertest.SeedFuzz(f, loadertest.Demo+"/crowdtangle/ct_shares.csv")
	f.Fuzz(func(t *testing.T, row string) {
		loadertest.Rows(strings.Join(Columns, ","), row, 16<<10, func(c *loaders.CSV) {
			p, rej := parseRow(c)
			if rej != nil {
				return
			}
			if _, ok := Platform(string(p.platform)); !ok && p.platform != "other" || p.uid != "crowdtangle:"+p.id {
				t.Fatalf("accepted post %q of %q", p.id, p.platform)
			}
			lower, _ := p.props["handleLower"].(string)
			loadertest.IndexableKeys(t, loaders.Key{Column: "account", Value: p.account}, loaders.Key{Column: "handle", Value: lower},
				loaders.Key{Column: "expanded", Value: p.url}, loaders.Key{Column: "domain", Value: p.domain})
		})
	})
}

// A row whose account, handle, URL or domain would be too large for Neo4j's
// index is a reject naming the column.
func TestKeysTooLargeAreRejects(t *testing.T) {
	long := strings.Repeat("k", loaders.MaxIndexedBytes)
	row := func(handle, url, pid string) string {
		return strings.Join([]string{"1", "TRUE", url, "2017-01-13 21:41:10", "https://facebook.com/p", "Page", handle, "10", "7", "Facebook", pid, "FALSE"}, ",")
	}
	for _, tc := range []struct{ row, column string }{
		{row("h", "https://example.com/x", long), "account.platformid"},
		{row(long+"k", "https://example.com/x", "9"), "account.handle"},
		{row("h", "https://example.com/"+long, "9"), "expanded"},
		{row("h", "https://a\x01b.com/", "9"), "expanded"},
	} {
		cols := loadertest.RejectColumns(t, strings.Join(Columns, ","), tc.row+"\n", func(c *loaders.CSV) *loaders.Reject {
			_, rej := parseRow(c)
			return rej
		})
		if len(cols) != 1 || cols[0] != tc.column {
			t.Errorf("%.40q: rejects in columns %v, want %s", tc.row, cols, tc.column)
		}
	}
}
