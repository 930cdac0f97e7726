package assets

import (
	"strings"
	"testing"

	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/loadertest"
)

// FuzzRow parses arbitrary asset-list rows: an accepted one names its asset
// and has keys Neo4j can index.
func FuzzRow(f *testing.F) {
	loadertest.SeedFuzz(f, loadertest.Demo+"/hk_2019_takedown_assets.csv")
	f.Add("web,website,,,,hxxps://bad[.]example[.]com/path,,,,,,\n")
	f.Fuzz(func(t *testing.T, row string) {
		loadertest.Rows(strings.Join(Columns, ","), row, 16<<10, func(c *loaders.CSV) {
			r, rej := parse(c)
			if rej != nil {
				return
			}
			if r.UID == "" {
				t.Fatal("accepted an asset without a key")
			}
			lower, _ := r.Props["handleLower"].(string)
			keys := []loaders.Key{{Column: "uid", Value: r.UID}, {Column: "handle", Value: lower}}
			if r.Operation != "" {
				keys = append(keys, loaders.Key{Column: "operation", Value: OperationUID(r.Operation)})
			}
			loadertest.IndexableKeys(t, keys...)
		})
	})
}

// A row whose key, handle or operation would be too large for Neo4j's
// index is a reject naming the column.
func TestKeysTooLargeAreRejects(t *testing.T) {
	long := strings.Repeat("k", loaders.MaxIndexedBytes)
	row := func(id, handle, operation string) string {
		return strings.Join([]string{"twitter", "account", id, handle, "", "", "", "", operation, "", "", ""}, ",")
	}
	for _, tc := range []struct{ row, column string }{
		{row(long, "", ""), "id"},
		{row("", long+"k", ""), "handle"},
		{row("1", "a", long+" op"), "operation"},
	} {
		cols := loadertest.RejectColumns(t, strings.Join(Columns, ","), tc.row+"\n", func(c *loaders.CSV) *loaders.Reject {
			_, rej := parse(c)
			return rej
		})
		if len(cols) != 1 || cols[0] != tc.column {
			t.Errorf("%.40q: rejects in columns %v, want %s", tc.row, cols, tc.column)
		}
	}
}
