package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/app"
	"github.com/iograph/iograph/internal/config"
	"github.com/iograph/iograph/internal/coord"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

// runCoordination writes a coordination network as an edge list that diffs
// against other tools (CooRTweet, a notebook): account_a,account_b,weight
// with account_a < account_b, rows in byte order.
func runCoordination(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("coordination", stderr)
	var n4j config.Neo4j
	config.RegisterNeo4jFlags(fs, &n4j)
	dataset := fs.String("dataset", "", "only accounts and posts of this dataset (see 'iograph datasets'); all data when empty")
	signal := fs.String("signal", "retweet", "what counts as sharing the same thing: "+signalNames())
	window := fs.Int("window", 60, "seconds within which two shares of one object are co-shares (CooRTweet's time_window)")
	minPart := fs.Int("min-participation", 2, "shares an account needs, before and after pairing (CooRTweet's min_participation)")
	keepLoops := fs.Bool("keep-loops", false, "keep pairs of an account with itself and of a post with itself (CooRTweet's remove_loops = FALSE)")
	edgeWeight := fs.Float64("edge-weight", 0.5, "quantile of edge weights above which an edge is flagged (CooRTweet's edge_weight)")
	fast := fs.Int("fast-window", 0, "seconds of CooRTweet's flag_speed_share window; 0 for none")
	flagged := fs.Bool("flagged-only", false, "write only the edges above the weight threshold (CooRTweet's subgraph = 1)")
	walk := fs.Bool("walk", false, "read the shares from the posts, not from the dataset's share index (same rows, slower)")
	mode := fs.String("mode", "coortweet", "coortweet (exactly CooRTweet 2.1.3) or native (weight = distinct objects)")
	since := fs.String("since", "", "only shares at or after this RFC 3339 instant")
	until := fs.String("until", "", "only shares before this RFC 3339 instant")
	out := fs.String("out", "-", "where to write the edge list; - for standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// reading every share of a large release is one long read
	longReads(fs, &n4j, 30*time.Minute)
	sig := model.CoordinationSignal(strings.ToUpper(*signal))
	if !sig.Valid() {
		return fmt.Errorf("%w: coordination: --signal %q is not one of %s", errUsage, *signal, signalNames())
	}
	p := coord.DefaultParams()
	p.Window, p.MinParticipation, p.RemoveLoops = time.Duration(*window)*time.Second, *minPart, !*keepLoops
	p.EdgeWeight, p.FastWindow, p.Mode = *edgeWeight, time.Duration(*fast)*time.Second, coord.Mode(strings.ToLower(*mode))
	p.EdgesOnly = true // the command writes the edge list alone,
	p.MaxEvidence = 0  // without the shared objects
	if *window < 1 {
		return fmt.Errorf("%w: coordination: --window must be at least 1 second, got %d", errUsage, *window)
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("%w: coordination: %v", errUsage, err)
	}
	q := store.SharesQuery{Signal: sig, Dataset: *dataset}
	var err error
	if q.Since, err = optTime("since", *since); err != nil {
		return err
	}
	if q.Until, err = optTime("until", *until); err != nil {
		return err
	}

	st, err := store.Open(ctx, n4j, newLogger(stderr, "text"))
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	uc := app.New(st, nil, nil)
	if *dataset != "" {
		if err := uc.RequireDataset(ctx, *dataset); err != nil {
			return err
		}
	}
	t0 := time.Now()
	q.Walk = *walk
	q.Unordered = true // only weights are written, and they do not depend on the order
	// The shares are most of the heap and live until the end: collecting
	// less often saves a large run a tenth of its time for a third more
	// memory.
	debug.SetGCPercent(400)
	d, err := uc.Detect(ctx, q, p, *flagged)
	if err != nil {
		return fmt.Errorf("coordination: %w", err)
	}
	res, edges, source, read := d.Result, d.Edges, d.Source, d.Read
	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("coordination: %w", err)
		}
		defer f.Close()
		w = f
	}
	if err := coord.WriteEdgeList(w, edges); err != nil {
		return fmt.Errorf("coordination: write %s: %w", *out, err)
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		if err := f.Close(); err != nil {
			return fmt.Errorf("coordination: write %s: %w", *out, err)
		}
	}
	fmt.Fprintf(stderr, "coordination: %s in %s: %d shares (from the %s, read in %s), %d pairs, %d edges (%d written), %d accounts, weight threshold %g; %s total\n",
		strings.ToLower(string(sig)), datasetLabel(*dataset), res.InputShares, source, read.Round(time.Millisecond), res.Pairs,
		len(res.Edges), len(edges), len(coord.Nodes(edges)), res.Threshold, time.Since(t0).Round(time.Millisecond))
	return nil
}

func signalNames() string {
	var names []string
	for _, s := range model.AllCoordinationSignals {
		names = append(names, strings.ToLower(string(s)))
	}
	return strings.Join(names, ", ")
}

func datasetLabel(d string) string {
	if d == "" {
		return "all data"
	}
	return d
}

func optTime(name, v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, fmt.Errorf("%w: coordination: --%s %q is not an RFC 3339 time (2019-08-01T00:00:00Z)", errUsage, name, v)
	}
	return &t, nil
}
