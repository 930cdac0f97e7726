package coord_test

import (
	"fmt"
	"os"
	"time"

	"github.com/iograph/iograph/internal/coord"
)

// Two accounts retweet the same two tweets seconds apart; a third retweets
// once and is dropped by min_participation.
func ExampleDetect() {
	at := func(sec int64) int64 { return sec * 1000 }
	shares := []coord.Share{
		{Object: "tweet1", Account: "alice", Content: "rt1", TimeMs: at(0)},
		{Object: "tweet1", Account: "bob", Content: "rt2", TimeMs: at(4)},
		{Object: "tweet1", Account: "carol", Content: "rt3", TimeMs: at(5)},
		{Object: "tweet2", Account: "bob", Content: "rt4", TimeMs: at(100)},
		{Object: "tweet2", Account: "alice", Content: "rt5", TimeMs: at(102)},
	}
	p := coord.DefaultParams()
	p.Window = 10 * time.Second
	res, err := coord.Detect(shares, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range res.Edges {
		fmt.Printf("%s-%s weight=%d avg=%.1fs symmetry=%.2f objects=%v\n", e.A, e.B, e.Weight, e.AvgTimeDeltaSeconds, e.Symmetry, e.Objects)
	}
	if err := coord.WriteEdgeList(os.Stdout, res.Edges); err != nil {
		fmt.Println(err)
	}
	// Output:
	// alice-bob weight=2 avg=3.0s symmetry=1.00 objects=[tweet1 tweet2]
	// account_a,account_b,weight
	// alice,bob,2
}
