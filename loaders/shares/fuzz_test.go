package shares

import (
	"strings"
	"testing"

	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/loadertest"
)

// FuzzShareRow parses arbitrary rows of both share tables, with anonymised
// and global ids: an accepted row has a time in milliseconds that neither
// overflows nor precedes 1970, and keys Neo4j can index.
func FuzzShareRow(f *testing.F) {
	loadertest.SeedFuzz(f, loadertest.Demo+"/coortweet/russian_coord_tweets.csv.gz", loadertest.Demo+"/coortweet/german_elections.csv.gz")
	f.Fuzz(func(t *testing.T, row string) {
		for _, tc := range []struct {
			header string
			multi  bool
		}{{strings.Join(CoortweetColumns, ","), false}, {"account_id,post_id,url_id,hashtag_id,domain_id,phash_id,timestamp", true}} {
			for _, global := range []bool{false, true} {
				x := ids{dataset: "fuzz", cfg: Config{Platform: "twitter", GlobalIDs: global}}
				loadertest.Rows(tc.header, row, 16<<10, func(c *loaders.CSV) {
					s, rej := parseRow(c, x, tc.multi)
					if rej != nil {
						return
					}
					if s.timeMs < 0 || s.timeMs > maxSeconds*1000 {
						t.Fatalf("accepted time %d ms", s.timeMs)
					}
					loadertest.IndexableKeys(t, loaders.Key{Column: "account_id", Value: s.account}, loaders.Key{Column: "post", Value: s.post},
						loaders.Key{Column: "object_id", Value: s.object}, loaders.Key{Column: "url_id", Value: s.url},
						loaders.Key{Column: "domain_id", Value: s.domain}, loaders.Key{Column: "hashtag_id", Value: s.hashtag},
						loaders.Key{Column: "phash_id", Value: s.phash})
				})
			}
		}
	})
}

// A row whose key would be too large for Neo4j's index is a reject naming
// the column, in both tables.
func TestKeysTooLargeAreRejects(t *testing.T) {
	long := strings.Repeat("k", loaders.MaxIndexedBytes)
	for _, tc := range []struct{ header, row, column string }{
		{strings.Join(CoortweetColumns, ","), "o1," + long + ",c1,1600000000", "account_id"},
		{strings.Join(CoortweetColumns, ","), long + ",a1,c1,1600000000", "object_id"},
		{"account_id,post_id,url_id,timestamp", "a1,p1," + long + ",1600000000", "url_id"},
		{strings.Join(CoortweetColumns, ","), "o1,a1,c1,1e300", "timestamp_share"},
	} {
		cols := loadertest.RejectColumns(t, tc.header, tc.row+"\n", func(c *loaders.CSV) *loaders.Reject {
			_, rej := parseRow(c, ids{dataset: "d", cfg: Config{Platform: "twitter"}}, c.Has("post_id"))
			return rej
		})
		if len(cols) != 1 || cols[0] != tc.column {
			t.Errorf("%.20s: rejects in columns %v, want %s", tc.row, cols, tc.column)
		}
	}
}
