package bulk

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/gen"
)

// BenchmarkConvert converts a generated release (100,000 tweets, or the
// files IOGRAPH_CONVERT_FILES names, users then tweets, separated by the
// path list separator) with the default memory budget and heap limit, as `iograph import`
// does before neo4j-admin: the conversion's cost per release, for profiles
// (go test -run - -bench Convert -cpuprofile).
func BenchmarkConvert(b *testing.B) {
	files := filepath.SplitList(os.Getenv("IOGRAPH_CONVERT_FILES"))
	if len(files) == 0 {
		g, err := gen.TwitterIO(context.Background(), gen.Options{Tweets: 100_000, Accounts: 2000,
			OutDir: filepath.Join(b.TempDir(), "release"), Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		files = []string{g.UsersFile, g.TweetsFile}
	}
	defer HoldHeap(0)() // as iograph import holds its heap
	b.ResetTimer()
	for b.Loop() {
		rej, err := loaders.NewRejects("")
		if err != nil {
			b.Fatal(err)
		}
		res, err := Convert(context.Background(), files, b.TempDir(), Options{Log: benchLog()}, rej)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Rows)/res.Took.Seconds(), "rows/s")
	}
}

// benchLog shows the conversion's phases under go test -v.
func benchLog() *slog.Logger {
	if !testing.Verbose() {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}
