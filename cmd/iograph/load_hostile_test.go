package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/loadertest"
	"github.com/iograph/iograph/loaders/twitterio"
)

// loadCmd runs `iograph load` in process and returns its summary and error.
func loadCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append(append([]string{"load"}, args...), neo4jFlags(t)...), &out, io.Discard)
	if errors.Is(err, errUsage) {
		t.Fatalf("load %q: usage error %v", args, err)
	}
	return out.String(), err // main exits 1 on such an error
}

func usersHeader() string { return strings.Join(twitterio.UserColumns, ",") }

// userRow is a users-file row of account id with handle and description.
func userRow(id, name, handle, description string) string {
	return strings.Join([]string{id, name, handle, "HK", description, "", "10", "5", "2019-01-02", "en"}, ",")
}

// gz is data as one gzip member; members written one after the other are
// one gzip stream.
func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func loadsOf(t *testing.T, st *store.Store) []map[string]any {
	return loadertest.Records(t, st, `MATCH (l:Load) RETURN l.status AS status, l.error AS error, l.attempts AS attempts ORDER BY l.startedAt`, nil)
}

// Rows that would fail their batch in Neo4j, or that carry what an
// analyst's evidence must not silently hold, are rejects with file, line,
// column and reason code; the rows around them load, the command exits
// non-zero (1) unless --allow-rejects, and the load completes.
func TestLoadRejectsHostileFields(t *testing.T) {
	for _, tc := range []struct {
		name, row, code, column string
	}{
		{"value too large for an index", userRow("1002", "b", strings.Repeat("h", loaders.MaxIndexedBytes+1), "x"), loaders.CodeTooLarge, "user_screen_name"},
		{"lower-cased handle grows past the index limit (Ⱥ is 2 bytes, ⱥ 3)", userRow("1002", "b", strings.Repeat("Ⱥ", loaders.MaxIndexedBytes/2-1), "x"), loaders.CodeTooLarge, "user_screen_name"},
		{"10 MB field", userRow("1002", "b", "bb", strings.Repeat("d", 10<<20)), loaders.CodeFieldTooLarge, "user_profile_description"},
		{"NUL byte", userRow("1002", "b\x00b", "bb", "x"), loaders.CodeControl, "user_display_name"},
		{"escape character", userRow("1002", "b", "bb", "colour \x1b[31m"), loaders.CodeControl, "user_profile_description"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := neo4jtest.Fresh(t)
			p := loadertest.WriteFile(t, "hostile_082019_1_users_csv_hashed.csv",
				usersHeader()+"\n"+userRow("1001", "a", "aa", "x")+"\n"+tc.row+"\n"+userRow("1003", "c", "cc", "x")+"\n")
			rejects := filepath.Join(t.TempDir(), "rejects.csv")
			out, err := loadCmd(t, "twitter-io", p, "--rejects", rejects)
			if err == nil || !strings.Contains(err.Error(), "1 rows were rejected") {
				t.Fatalf("err = %v, want 1 reject; summary:\n%s", err, out)
			}
			want := fmt.Sprintf("%s line 3 field %s: %s", p, tc.column, tc.code)
			if !strings.Contains(out, want) {
				t.Fatalf("summary does not say %q:\n%s", want, out)
			}
			recs := loadertest.ReadCSV(t, rejects)
			if len(recs) != 1 || recs[0]["column"] != tc.column || !strings.HasPrefix(recs[0]["reason"], tc.code) ||
				len(recs[0]["value"]) > 200+len("…") || strings.ContainsRune(recs[0]["value"], 0) {
				t.Fatalf("rejects report %q", recs)
			}
			if got := loadertest.Int(t, st, `MATCH (a:Account) WHERE a.id IN ['1001', '1002', '1003'] RETURN count(a) AS n`, nil); got != 2 {
				t.Errorf("%d accounts, want the 2 good ones", got)
			}
			if l := loadsOf(t, st); len(l) != 1 || l[0]["status"] != "complete" {
				t.Errorf("loads %v, want one complete", l)
			}
		})
	}
}

// The nastiest users file: a BOM, CRLF line ends (and a CRLF inside a
// quoted field), a NUL, a 10 MB field and a handle too long for its index,
// between good rows with CJK, emoji and right-to-left text. The good rows
// load exactly as written; each bad one is a reject with its line.
func TestLoadMixedHostileFile(t *testing.T) {
	st := neo4jtest.Fresh(t)
	rows := []string{
		"\ufeff" + usersHeader(),
		userRow("1001", "香港 🔥", "aa", "مرحبا"),
		userRow("1002", "nul\x00here", "bb", "x"),
		userRow("1003", "big", "cc", strings.Repeat("d", 10<<20)),
		userRow("1004", "long", strings.Repeat("h", 9000), "x"),
		userRow("1005", "quoted", "ee", "\"two\r\nlines, and a \"\"quote\"\"\""),
		userRow("1006", "last", "ff", "x"),
	}
	p := loadertest.WriteFile(t, "nasty_082019_1_users_csv_hashed.csv", strings.Join(rows, "\r\n")+"\r\n")
	out, err := loadCmd(t, "twitter-io", p)
	if err == nil || !strings.Contains(err.Error(), "3 rows were rejected") {
		t.Fatalf("err = %v; summary:\n%s", err, out)
	}
	for _, want := range []string{
		"line 3 field user_display_name: " + loaders.CodeControl,
		"line 4 field user_profile_description: " + loaders.CodeFieldTooLarge,
		"line 5 field user_screen_name: " + loaders.CodeTooLarge,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary does not say %q:\n%s", want, out)
		}
	}
	got := loadertest.Records(t, st, `MATCH (a:Account) RETURN a.id AS id, a.name AS name, a.description AS d, a.language AS lang ORDER BY id`, nil)
	want := []map[string]any{
		{"id": "1001", "name": "香港 🔥", "d": "مرحبا", "lang": "en"},
		{"id": "1005", "name": "quoted", "d": "two\nlines, and a \"quote\"", "lang": "en"},
		{"id": "1006", "name": "last", "d": "x", "lang": "en"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("accounts\n%v\nwant\n%v", got, want)
	}
	// --allow-rejects accepts them: a forced load of the same bytes exits 0.
	if out, err := loadCmd(t, "twitter-io", p, "--allow-rejects", "--force"); err != nil {
		t.Fatalf("--allow-rejects: %v\n%s", err, out)
	}
}

// Loads that end in error are marked failed with their reason, the summary
// says FAILED and the command exits non-zero; running it again resumes
// after the committed batches and fails again at the same place, and a
// whole file (other bytes, another load) then loads.
func TestTruncatedGzipFailsTheLoad(t *testing.T) {
	st := neo4jtest.Fresh(t)
	var b strings.Builder
	b.WriteString("object_id,account_id,content_id,timestamp_share\n")
	const rows = 6000
	for i := range rows {
		fmt.Fprintf(&b, "o%d,a%d,c%d,%d\n", i%50, i%300, i, 1600000000+i)
	}
	dir := t.TempDir()
	raw := gz(t, []byte(b.String()))
	p := filepath.Join(dir, "cut_shares.csv.gz")
	if err := os.WriteFile(p, raw[:len(raw)*6/10], 0o644); err != nil {
		t.Fatal(err)
	}
	var posts int64
	for attempt := 1; attempt <= 2; attempt++ {
		out, err := loadCmd(t, "shares", p, "--batch-size", "500")
		if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "unexpected EOF") {
			t.Fatalf("attempt %d: err = %v", attempt, err)
		}
		if !strings.Contains(out, p+": FAILED") || !strings.Contains(out, "shares: FAILED: ") {
			t.Fatalf("attempt %d: the summary does not say the load failed:\n%s", attempt, out)
		}
		l := loadsOf(t, st)
		if len(l) != 1 || l[0]["status"] != "failed" || !strings.Contains(fmt.Sprint(l[0]["error"]), "unexpected EOF") || l[0]["attempts"] != int64(attempt) {
			t.Fatalf("attempt %d: loads %v, want one failed with its reason", attempt, l)
		}
		n := loadertest.Int(t, st, `MATCH (p:Post) WHERE p.id STARTS WITH 'c' RETURN count(p) AS n`, nil)
		if n == 0 || n >= rows || attempt == 2 && n != posts {
			t.Fatalf("attempt %d: %d posts (first attempt %d), want the committed batches, once", attempt, n, posts)
		}
		posts = n
	}
	// The whole file, under the same dataset name.
	full := filepath.Join(t.TempDir(), "cut_shares.csv.gz")
	if err := os.WriteFile(full, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := loadCmd(t, "shares", full, "--batch-size", "500"); err != nil {
		t.Fatalf("whole file: %v\n%s", err, out)
	}
	if n := loadertest.Int(t, st, `MATCH (p:Post) WHERE p.id STARTS WITH 'c' RETURN count(p) AS n`, nil); n != rows {
		t.Errorf("%d posts after the whole file, want %d", n, rows)
	}
}

// A tweets file whose header names tweetid tweet_id is refused before
// anything is written, naming the file, the expected columns and what it
// found; it is never loaded as a users file.
func TestMisnamedTweetsHeaderIsRefused(t *testing.T) {
	st := neo4jtest.Fresh(t)
	header := strings.Replace(strings.Join(twitterio.TweetColumns, ","), "tweetid", "tweet_id", 1)
	p := loadertest.WriteFile(t, "refused_082019_1_tweets_csv_hashed.csv", header+"\n1,2,3\n")
	out, err := loadCmd(t, "twitter-io", p)
	if err == nil {
		t.Fatalf("loaded:\n%s", out)
	}
	for _, want := range []string{p + " line 1", "not a Twitter IO tweets file", "missing column(s) tweetid", "expected columns: tweetid,userid", "got: tweet_id,userid"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if !strings.Contains(out, "twitter-io: FAILED: ") {
		t.Errorf("summary does not say it failed:\n%s", out)
	}
	if n := loadertest.Int(t, st, `MATCH (n) RETURN count(n) AS n`, nil); n != 0 {
		t.Errorf("a refused file left %d nodes", n)
	}
}

// A gzip bomb: 4 MB of .gz that inflates to 4 GiB of one never-ending
// quoted field. The reader gives up at the row cap, naming the file and
// line, the load is marked failed, nothing is written, and the command
// allocates a bounded amount however far the bomb inflates.
func TestGzipBombStopsAtTheRowCap(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 32 MiB")
	}
	st := neo4jtest.Fresh(t)
	p := filepath.Join(t.TempDir(), "bomb_082019_1_tweets_csv_hashed.csv.gz")
	bomb := gz(t, []byte(strings.Join(twitterio.TweetColumns, ",")+"\n\""))
	chunk := gz(t, bytes.Repeat([]byte("a"), 16<<20))
	for range 256 { // 256 × 16 MiB = 4 GiB inflated
		bomb = append(bomb, chunk...)
	}
	if err := os.WriteFile(p, bomb, 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := loadCmd(t, "twitter-io", p)
	runtime.ReadMemStats(&after)
	if err == nil || !errors.Is(err, loaders.ErrRowTooLarge) || !strings.Contains(err.Error(), p+" line 2: row too large") {
		t.Fatalf("err = %v, want row too large at %s line 2", err, p)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<30 {
		t.Errorf("the load allocated %d MiB for a 4 GiB field", alloc>>20)
	}
	if l := loadsOf(t, st); len(l) != 1 || l[0]["status"] != "failed" || !strings.Contains(fmt.Sprint(l[0]["error"]), "row too large") {
		t.Errorf("loads %v, want one failed: row too large", l)
	}
	if n := loadertest.Int(t, st, `MATCH (n) WHERE n:Post OR n:Account RETURN count(n) AS n`, nil); n != 0 {
		t.Errorf("%d posts and accounts written", n)
	}
}
