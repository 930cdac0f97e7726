package twitterio_test

import (
	"context"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/gen"
)

// A generated release retweets, mentions and tags a few seed tweets,
// accounts and hashtags from most rows, so small batches on several workers
// keep linking to the same nodes at the same time while the preparing
// transactions write new ones. The graph must equal a serial load's, node
// for node and property for property.
func TestParallelLoadOfGeneratedReleaseEqualsSerialLoad(t *testing.T) {
	sum, err := gen.TwitterIO(context.Background(), gen.Options{Tweets: 3000, Accounts: 200, Seeds: 3, Groups: 1, GroupSize: 5,
		OutDir: t.TempDir(), Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	st := neo4jtest.Fresh(t)
	if _, _, err := load(t, st, loaders.Options{BatchSize: 500, Workers: 1}, sum.UsersFile, sum.TweetsFile); err != nil {
		t.Fatal(err)
	}
	serial := neo4jtest.Dump(t, st)
	st = neo4jtest.Fresh(t)
	if _, _, err := load(t, st, loaders.Options{BatchSize: 40, Workers: 4}, sum.TweetsFile, sum.UsersFile); err != nil {
		t.Fatal(err)
	}
	if d := neo4jtest.DiffDumps(serial, neo4jtest.Dump(t, st)); d != "" {
		t.Fatalf("parallel load differs from serial load:\n%s", d)
	}
}
