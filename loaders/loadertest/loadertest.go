// Package loadertest runs loaders against the test Neo4j and reads back
// what they wrote, so each format's tests state only what they check.
package loadertest

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/internal/store"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/links"
)

// Demo is the project's demo folder, which holds copies of the real datasets
// that may be copied.
const Demo = "../../demo"

// Load runs fn on files the way `iograph load` does (with the same-handle
// linking after it) and returns its summary and rejects.
func Load(t testing.TB, st *store.Store, fn loaders.Func, dataset string, opts loaders.Options, files ...string) (*loaders.Summary, *loaders.Rejects, error) {
	t.Helper()
	rej, err := loaders.NewRejects(filepath.Join(t.TempDir(), "rejects.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	tgt := neo4jtest.DB(t)
	sum, err := fn(ctx, tgt, files, dataset, opts, rej)
	if err == nil {
		err = links.AfterLoad(ctx, tgt, sum)
	}
	if cerr := rej.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	return sum, rej, err
}

// Int runs a query returning one integer column n.
func Int(t testing.TB, st *store.Store, q string, params map[string]any) int64 {
	t.Helper()
	res, err := neo4jtest.DB(t).Query(context.Background(), q, params)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if len(res.Records) != 1 {
		t.Fatalf("%s: %d records, want 1", q, len(res.Records))
	}
	n, _, err := neo4j.GetRecordValue[int64](res.Records[0], "n")
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// Records runs a query and returns its records as maps.
func Records(t testing.TB, st *store.Store, q string, params map[string]any) []map[string]any {
	t.Helper()
	res, err := neo4jtest.DB(t).Query(context.Background(), q, params)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

// ReadCSV is the tests' own plain reader of a (possibly gzipped) CSV: it
// shares no code with the loaders, so counts computed from it are an
// independent check. Header names are kept as written.
func ReadCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = gz
	}
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		m := make(map[string]string, len(rec))
		for i, h := range recs[0] {
			m[strings.TrimSpace(h)] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

// WriteFile writes a crafted test file into a temporary folder.
func WriteFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// ParallelEqualsSerial loads files twice into a fresh database, once with
// one worker and once with four on tiny batches, and fails when the graphs
// differ: batches commit out of order, and the graph must not depend on it.
func ParallelEqualsSerial(t *testing.T, fresh func(testing.TB) *store.Store, dump func(testing.TB, *store.Store) []string,
	diff func(a, b []string) string, fn loaders.Func, batch int, files ...string) {
	t.Helper()
	st := fresh(t)
	if _, _, err := Load(t, st, fn, "", loaders.Options{BatchSize: batch, Workers: 1}, files...); err != nil {
		t.Fatal(err)
	}
	serial := dump(t, st)
	st = fresh(t)
	if _, _, err := Load(t, st, fn, "", loaders.Options{BatchSize: batch, Workers: 4}, files...); err != nil {
		t.Fatal(err)
	}
	if d := diff(serial, dump(t, st)); d != "" {
		t.Fatalf("a parallel load differs from a serial one:\n%s", d)
	}
}

// Head writes the header and the first n rows of a (gzipped) CSV to a temp
// file, for tests that need a real but smaller slice.
func Head(t testing.TB, path string, n int, name string) string {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(csvHeader(t, path))
	w.Flush()
	for _, row := range SeedRows(t, path, n) {
		b.WriteString(row)
	}
	return WriteFile(t, name, b.String())
}

// Rows reads body as CSV data under header, with fields capped at
// maxField, and calls each for every row the reader accepts: fuzz targets
// of a format's row parser feed it arbitrary rows this way. It stops at a
// refused header or a stream error, which are not the parser's to see.
func Rows(header, body string, maxField int, each func(c *loaders.CSV)) {
	c, err := loaders.NewCSV(loaders.Limit(strings.NewReader(header+"\n"+body), maxField), "fuzz.csv", "fuzz", nil)
	if err != nil {
		return
	}
	for {
		rej, err := c.Next()
		if err != nil {
			return
		}
		if rej == nil {
			each(c)
		}
	}
}

// SeedRows returns up to n data records of a (gzipped) CSV, each written
// back as one CSV row, to seed the fuzz targets with real rows.
func SeedRows(t testing.TB, path string, n int) []string {
	t.Helper()
	rows := ReadCSV(t, path)
	header := csvHeader(t, path)
	var out []string
	for _, row := range rows[:min(n, len(rows))] {
		rec := make([]string, len(header))
		for i, h := range header {
			rec[i] = row[strings.TrimSpace(h)]
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		_ = w.Write(rec)
		w.Flush()
		out = append(out, b.String())
	}
	return out
}

// csvHeader is the header row of a (gzipped) CSV, as written.
func csvHeader(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	header, err := csv.NewReader(r).Read()
	if err != nil {
		t.Fatal(err)
	}
	return header
}

// hostileRows are rows no release has, added to every row fuzz target's
// seeds: controls, an unterminated quote, too many fields, rounded ids,
// characters whose lower case is longer, numbers at the edges.
var hostileRows = []string{
	"\x00,\x00\n", "1,\"unterminated\n", strings.Repeat(",", 40) + "\n", "9.06E+17,x\n",
	"\"" + strings.Repeat("İȺ", 3000) + "\",x\n", "1e400,NaN,Inf,-0,18446744073709551616\n",
}

// SeedFuzz adds up to 50 real rows of each file, and the hostile rows, to
// a row fuzz target's seed corpus.
func SeedFuzz(f *testing.F, paths ...string) {
	for _, p := range paths {
		for _, r := range SeedRows(f, p, 50) {
			f.Add(r)
		}
	}
	for _, r := range hostileRows {
		f.Add(r)
	}
}

// IndexableKeys fails t when a key a parser accepted is too large for
// Neo4j's index: CSV.CheckKeys must have rejected its row.
func IndexableKeys(t testing.TB, keys ...loaders.Key) {
	t.Helper()
	for _, k := range keys {
		if len(k.Value) > loaders.MaxIndexedBytes {
			t.Fatalf("accepted %s of %d bytes", k.Column, len(k.Value))
		}
	}
}

// RejectColumns reads body under header and returns the column of every
// reject, of the reader or of parse (a format's row parser), in order.
func RejectColumns(t testing.TB, header, body string, parse func(c *loaders.CSV) *loaders.Reject) []string {
	t.Helper()
	c, err := loaders.NewCSV(strings.NewReader(header+"\n"+body), "t.csv", "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for {
		rej, err := c.Next()
		if err != nil {
			return cols
		}
		if rej == nil {
			rej = parse(c)
		}
		if rej != nil {
			cols = append(cols, rej.Column)
		}
	}
}
