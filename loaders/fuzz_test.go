package loaders

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCSV feeds arbitrary bytes to the CSV reader every format uses, with a
// small field cap so that the row cap is reached too. A row it accepts has
// every field within the cap, valid UTF-8 and free of control characters,
// and lines only grow; a reject's report value is short and valid; nothing
// panics and every stream ends.
func FuzzCSV(f *testing.F) {
	for _, p := range []string{"twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv", "twitterio/testdata/hk_test_082019_1_tweets_csv_hashed.csv",
		"../demo/hk_2019_takedown_assets.csv", "metacib/testdata/malformed_2022.csv", "metacib/testdata/malformed_ttp.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 4096)])
	}
	for _, s := range []string{
		"\ufeffa,b\r\n1,2\r\n", "a,b\n\"x\x00y\",2\n", "a,b\n\"never closed\n", "a,b\n1,2,3\n", "a,b\nx\"y,2\n",
		"a,b\n\"" + strings.Repeat("z", 3000), "a\n\xff\xfe\n", "a,b\n\"two\r\nlines\",\x1b\n", "a\n\n\n1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxField = 64
		c, err := NewCSV(Limit(bytes.NewReader(data), maxField), "fuzz.csv", "fuzz", nil)
		if err != nil {
			return
		}
		last := 1
		for {
			rej, err := c.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				if !errors.Is(err, ErrRowTooLarge) {
					t.Fatalf("a stream of bytes failed with %v", err)
				}
				return
			}
			if rej != nil {
				v := shortValue(rej.Value)
				if len(v) > maxValueBytes+len("…") || controlAt(v) >= 0 || utf8.ValidString(rej.Value) && !utf8.ValidString(v) {
					t.Fatalf("report value %q of %q", v, rej.Value)
				}
				continue
			}
			if c.Line() <= last {
				t.Fatalf("row at line %d after line %d", c.Line(), last)
			}
			last = c.Line()
			for i, fld := range c.fields {
				if len(fld) > maxField || !utf8.ValidString(fld) || controlAt(fld) >= 0 {
					t.Fatalf("accepted field %d %q", i, fld)
				}
			}
		}
	})
}
