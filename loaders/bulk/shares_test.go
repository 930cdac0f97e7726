package bulk

import (
	"bufio"
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/gen"
	"github.com/iograph/iograph/loaders/loadertest"
)

// readCSV reads a converted file, each column by its property's name
// (the ids' columns keep theirs).
func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	rows := loadertest.ReadCSV(t, path)
	for i, m := range rows {
		named := make(map[string]string, len(m))
		for h, v := range m {
			if name, _, _ := strings.Cut(h, ":"); name != "" {
				h = name
			}
			named[h] = v
		}
		rows[i] = named
	}
	return rows
}

// The share index the converter writes is whole and consistent: every
// indexed signal of every dataset has a header whose chunk and share counts
// are its chunks'; a chunk holds the accounts of its place among the
// dataset's accounts by uid (ShareIndexChunk of them per seq), each row of
// a post of the release. (TestImportEqualsOnlineLoad in internal/app holds
// the rows to a load's.)
func TestConvertWritesShareIndexes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		accounts int
		budget   int
	}{
		{"one chunk", 120, 1 << 20},
		{"several chunks, spilt facts", 700, 1 << 18},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := gen.TwitterIO(context.Background(), gen.Options{Tweets: 4000, Accounts: tc.accounts, Seeds: 5,
				Groups: 2, GroupSize: 5, OutDir: filepath.Join(t.TempDir(), "gen"), Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			rej, _ := loaders.NewRejects("")
			dir := t.TempDir()
			if _, err := Convert(context.Background(), []string{g.UsersFile, g.TweetsFile}, dir, Options{MemoryBytes: tc.budget}, rej); err != nil {
				t.Fatal(err)
			}
			var accounts []string
			for _, m := range readCSV(t, filepath.Join(dir, "rels-IN_DATASET.csv")) {
				accounts = append(accounts, m[":START_ID(Account)"])
			}
			slices.Sort(accounts)
			posts := map[string]bool{}
			for _, m := range readCSV(t, filepath.Join(dir, "nodes-Post.csv")) {
				posts[m["uid"]] = true
			}
			type sums struct{ chunks, shares int }
			got := map[string]sums{}
			for _, m := range readCSV(t, filepath.Join(dir, "nodes-ShareChunk.csv")) {
				var rows []byte
				for _, b := range strings.Split(m["rows"], arrayDelimiter) {
					n, err := strconv.ParseInt(b, 10, 8)
					if err != nil {
						t.Fatalf("rows byte %q: %v", b, err)
					}
					rows = append(rows, byte(n))
				}
				shares, err := store.ShareChunkRows(rows)
				if err != nil {
					t.Fatal(err)
				}
				seq, _ := strconv.Atoi(m["seq"])
				n, _ := strconv.Atoi(m["shares"])
				if n != len(shares) || n == 0 {
					t.Errorf("chunk %s %s %d: shares %d, rows %d", m["dataset"], m["signal"], seq, n, len(shares))
				}
				lo, hi := seq*store.ShareIndexChunk, min((seq+1)*store.ShareIndexChunk, len(accounts))
				for _, s := range shares {
					if i, ok := slices.BinarySearch(accounts, s.Account); !ok || i < lo || i >= hi {
						t.Fatalf("chunk %d holds account %s, ranked %d of %d", seq, s.Account, i, len(accounts))
					}
					if !posts[s.Content] {
						t.Fatalf("a row of post %s, which is no post", s.Content)
					}
				}
				k := m["dataset"] + " " + m["signal"]
				got[k] = sums{got[k].chunks + 1, got[k].shares + n}
			}
			t.Logf("chunks and shares by index: %v", got)
			headers := readCSV(t, filepath.Join(dir, "nodes-ShareIndex.csv"))
			if len(headers) != 7 { // every signal but TEXT
				t.Fatalf("%d share index headers, want 7", len(headers))
			}
			for _, m := range headers {
				k := m["dataset"] + " " + m["signal"]
				if m["chunks"] != strconv.Itoa(got[k].chunks) || m["shares"] != strconv.Itoa(got[k].shares) {
					t.Errorf("%s: header says %s chunks, %s shares; the chunks hold %v", k, m["chunks"], m["shares"], got[k])
				}
				if m["layout"] != strconv.Itoa(store.ShareIndexLayout) {
					t.Errorf("%s: layout %s", k, m["layout"])
				}
			}
			if got[g.Release+" RETWEET"].shares == 0 || got[g.Release+" HASHTAG"].shares == 0 {
				t.Errorf("no retweet or hashtag rows: %v", got)
			}
		})
	}
}

// A byte[] field is the bytes as Java's signed bytes, as neo4j-admin reads
// them.
func TestWriteValueBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"\x00", "0"},
		{"a\x7f\x80\xff", strings.Join([]string{"97", "127", "-128", "-1"}, arrayDelimiter)},
	} {
		var b strings.Builder
		w := bufio.NewWriter(&b)
		if _, err := writeValue(w, nil, value{tag: tagBytes, s: tc.in}, "byte[]"); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		if b.String() != tc.want {
			t.Errorf("%q written as %q, want %q", tc.in, b.String(), tc.want)
		}
	}
}
