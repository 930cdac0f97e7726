package bulk

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/iograph/iograph/loaders"
)

// Every file's Longest is at least its longest physical line (a row with
// a newline in a quoted field spans more than one) and at most its size,
// so the read buffer Admin asks for holds every field.
func TestConvertRecordsTheLongestLine(t *testing.T) {
	rej, err := loaders.NewRejects("")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(context.Background(), []string{"../twitterio/testdata/hk_test_082019_1_users_csv_hashed.csv",
		"../twitterio/testdata/hk_test_082019_1_tweets_csv_hashed.csv"}, t.TempDir(), Options{}, rej)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range append(append([]File{}, res.Nodes...), res.Relationships...) {
		fh, err := os.Open(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := fh.Stat()
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 64<<20)
		var line int64
		sc.Scan() // the header is not a row
		for sc.Scan() {
			line = max(line, int64(len(sc.Bytes()))+1)
		}
		fh.Close()
		if f.Lines > 0 && (f.Longest < line || f.Longest > st.Size()) {
			t.Errorf("%s: Longest %d, its longest line %d bytes, its size %d", filepath.Base(f.Path), f.Longest, line, st.Size())
		}
		if f.Lines > 0 {
			checked++
		}
	}
	if checked < 5 {
		t.Fatalf("only %d files with rows", checked)
	}
	again, err := ReadConverted(res.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if readBufferKiB(again) != readBufferKiB(res) || again.Nodes[0].Longest != res.Nodes[0].Longest {
		t.Error("the manifest lost the longest lines: neo4j-admin alone would run with another buffer")
	}
}

func TestReadBufferKiB(t *testing.T) {
	for _, tc := range []struct {
		name    string
		longest int64
		want    int64 // KiB; 0: neo4j-admin's default
	}{
		{"nothing", 0, 0},
		{"a short line", 1200, 0},
		{"under three quarters of the default", 3<<20 - 1, 0},
		{"three quarters of the default", 3 << 20, 5 << 10}, // 3 + 0.75 + 1 MiB, rounded up
		{"a 4.5 MB share chunk", 4_500_000, 7 << 10},        // 4.29 + 1.07 + 1 = 6.36 MiB
		{"a 64 MiB line", 64 << 20, 81 << 10},               // 64 + 16 + 1
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := &Result{Nodes: []File{{Longest: 10}}, Relationships: []File{{Longest: tc.longest}}}
			got := readBufferKiB(res)
			if got != tc.want {
				t.Fatalf("readBufferKiB(%d) = %d KiB, want %d", tc.longest, got, tc.want)
			}
			if got > 0 && got<<10 < tc.longest {
				t.Fatalf("a buffer of %d KiB is shorter than the line", got)
			}
		})
	}
}

func TestHeapLimit(t *testing.T) {
	for _, c := range []struct {
		name   string
		budget int
		want   int64
	}{
		{"the default budget when none is given", 0, 384 << 20},
		{"the default budget", 256 << 20, 384 << 20},
		{"a small budget keeps room for the per-file maps", 1 << 20, 129 << 20},
		{"a large budget gets half again", 1 << 30, 1536 << 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := HeapLimit(c.budget); got != c.want {
				t.Fatalf("HeapLimit(%d) = %d MiB, want %d MiB", c.budget, got>>20, c.want>>20)
			}
		})
	}
}

func TestHoldHeap(t *testing.T) {
	prev := debug.SetMemoryLimit(-1) // -1 reads the limit
	defer debug.SetMemoryLimit(prev)

	t.Setenv("GOMEMLIMIT", "")
	restore := HoldHeap(64 << 20)
	if got, want := debug.SetMemoryLimit(-1), HeapLimit(64<<20); got != want {
		t.Fatalf("held limit %d MiB, want %d MiB", got>>20, want>>20)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Fatalf("after restore the limit is %d, want the previous %d", got, prev)
	}

	t.Setenv("GOMEMLIMIT", "1GiB") // the operator's limit wins
	defer HoldHeap(64 << 20)()
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Fatalf("with GOMEMLIMIT set the limit changed to %d MiB", got>>20)
	}
}
