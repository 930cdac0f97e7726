package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders/loadertest"
)

// share is one raw row as CooRTweet reads it, with the graph's ids.
type share struct {
	object, account, content string
	sec                      int64
}

// bruteForceWeights applies CooRTweet's rules 1-4 with a plain pair loop
// over every object and counts kept pairs per account pair: the weight
// column of its network. Written apart from internal/coord on purpose.
func bruteForceWeights(rows []share, window int64, minPart int) []string {
	perAccount := map[string]int{}
	for _, r := range rows {
		perAccount[r.account]++
	}
	var kept []share
	for _, r := range rows {
		if perAccount[r.account] >= minPart {
			kept = append(kept, r)
		}
	}
	byObject := map[string][]share{}
	for _, r := range kept {
		byObject[r.object] = append(byObject[r.object], r)
	}
	type pair struct{ x, y share }
	var pairs []pair
	inPair := map[string]bool{}
	for _, rs := range byObject {
		for i := range rs {
			for j := i + 1; j < len(rs); j++ {
				x, y := rs[i], rs[j]
				d := x.sec - y.sec
				if d < 0 {
					d = -d
				}
				if d > window || x.object == x.content || x.object == y.content || x.content == y.content || x.account == y.account {
					continue
				}
				pairs = append(pairs, pair{x, y})
				inPair[x.content], inPair[y.content] = true, true
			}
		}
	}
	again := map[string]int{}
	for _, r := range kept {
		if inPair[r.content] {
			again[r.account]++
		}
	}
	good := map[string]bool{}
	for _, r := range kept {
		if inPair[r.content] && again[r.account] >= minPart {
			good[r.content] = true
		}
	}
	weights := map[[2]string]int{}
	for _, p := range pairs {
		if good[p.x.content] || good[p.y.content] {
			a, b := min(p.x.account, p.y.account), max(p.x.account, p.y.account)
			weights[[2]string{a, b}]++
		}
	}
	var out []string
	for k, w := range weights {
		out = append(out, k[0]+","+k[1]+","+strconv.Itoa(w))
	}
	slices.Sort(out)
	return out
}

// dedupe keeps the first of rows identical in every column, as the graph
// does (and CooRTweet's German-election example before detect_groups).
func dedupe(rows []share) []share {
	seen := map[share]bool{}
	var out []share
	for _, r := range rows {
		if r.object != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func russianShares(t *testing.T) []share {
	var out []share
	for _, r := range loadertest.ReadCSV(t, loadertest.Demo+"/coortweet/russian_coord_tweets.csv.gz") {
		sec, _ := strconv.ParseInt(r["timestamp_share"], 10, 64)
		scope := func(id string) string { return "twitter:russian_coord_tweets/" + id }
		out = append(out, share{scope(r["object_id"]), scope(r["account_id"]), scope(r["content_id"]), sec})
	}
	return dedupe(out)
}

func germanShares(t *testing.T, column string) []share {
	var out []share
	for _, r := range loadertest.ReadCSV(t, loadertest.Demo+"/coortweet/german_elections.csv.gz") {
		if r["post_id"] == "" || r[column] == "" {
			continue // the loader rejects rows without a post; rows without this object share nothing
		}
		platform, id, _ := strings.Cut(r["account_id"], "_")
		platform = map[string]string{"fb": "facebook", "tw": "twitter"}[platform]
		sec, _ := strconv.ParseInt(r["timestamp"], 10, 64)
		kind := strings.TrimSuffix(column, "_id")
		out = append(out, share{"anon:german_elections/" + kind + "/" + r[column], platform + ":german_elections/" + id,
			platform + ":german_elections/" + r["post_id"], sec})
	}
	return dedupe(out)
}

// The edge list the command writes from the loaded graph equals a brute-force
// CooRTweet run over the raw rows of both real CooRTweet datasets.
func TestCoordinationEdgeListMatchesBruteForce(t *testing.T) {
	if testing.Short() {
		t.Skip("loads both CooRTweet datasets")
	}
	neo4jtest.Fresh(t)
	ctx := context.Background()
	for _, f := range []string{"russian_coord_tweets.csv.gz", "german_elections.csv.gz"} {
		args := append([]string{"load", "shares", "--allow-rejects", loadertest.Demo + "/coortweet/" + f}, neo4jFlags(t)...)
		if err := run(ctx, args, io.Discard, io.Discard); err != nil {
			t.Fatalf("load %s: %v", f, err)
		}
	}
	dir := t.TempDir()
	for _, c := range []struct {
		dataset, signal string
		window          int64
		minPart         int
		rows            func(*testing.T) []share
	}{
		{"russian_coord_tweets", "retweet", 60, 2, russianShares},
		{"russian_coord_tweets", "retweet", 30, 2, russianShares},
		{"russian_coord_tweets", "retweet", 600, 3, russianShares},
		{"german_elections", "url", 60, 2, func(t *testing.T) []share { return germanShares(t, "url_id") }},
		{"german_elections", "hashtag", 30, 2, func(t *testing.T) []share { return germanShares(t, "hashtag_id") }},
		{"german_elections", "domain", 30, 2, func(t *testing.T) []share { return germanShares(t, "domain_id") }},
		{"german_elections", "image", 60, 2, func(t *testing.T) []share { return germanShares(t, "phash_id") }},
	} {
		// `iograph load` built the datasets' share index; --walk reads the
		// posts instead. Both must give the brute force's edges.
		for _, read := range []struct{ flag, from string }{{"", "from the share index"}, {"--walk", "from the posts"}} {
			name := fmt.Sprintf("%s_%s_%ds_min%d%s", c.dataset, c.signal, c.window, c.minPart, read.flag)
			t.Run(name, func(t *testing.T) {
				out := filepath.Join(dir, name+".csv")
				args := append([]string{"coordination", "--dataset", c.dataset, "--signal", c.signal,
					"--window", strconv.FormatInt(c.window, 10), "--min-participation", strconv.Itoa(c.minPart), "--out", out}, neo4jFlags(t)...)
				if read.flag != "" {
					args = append(args, read.flag)
				}
				var stderr bytes.Buffer
				if err := run(ctx, args, io.Discard, &stderr); err != nil {
					t.Fatalf("%v\n%s", err, stderr.String())
				}
				if !strings.Contains(stderr.String(), read.from) {
					t.Errorf("want the shares read %s: %s", read.from, stderr.String())
				}
				got, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				lines := strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")
				if lines[0] != "account_a,account_b,weight" {
					t.Fatalf("header %q", lines[0])
				}
				if !slices.IsSorted(lines[1:]) {
					t.Error("rows are not in byte order")
				}
				want := bruteForceWeights(c.rows(t), c.window, c.minPart)
				if len(want) == 0 {
					t.Fatal("the brute force finds no edges: the case tests nothing")
				}
				if !slices.Equal(lines[1:], want) {
					t.Fatalf("graph gives %d edges, brute force %d; first difference: %s", len(lines)-1, len(want), firstDiff(lines[1:], want))
				}
				t.Logf("%d edges (%s)", len(want), strings.TrimSpace(stderr.String()))
			})
		}
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("row %d: %q vs %q", i+1, a[i], b[i])
		}
	}
	return fmt.Sprintf("one list stops after %d rows", min(len(a), len(b)))
}

func TestCoordinationCommandMistakes(t *testing.T) {
	neo4jtest.Fresh(t)
	for _, c := range []struct {
		name  string
		args  []string
		usage bool
		want  string
	}{
		{"unknown signal", []string{"--signal", "likes"}, true, `--signal "likes" is not one of retweet, reply`},
		{"zero window", []string{"--window", "0"}, true, "--window must be at least 1 second"},
		{"bad quantile", []string{"--edge-weight", "1.5"}, true, "edge weight quantile must be between 0 and 1"},
		{"fast wider than window", []string{"--window", "10", "--fast-window", "20"}, true, "fast window 20s must not exceed"},
		{"bad mode", []string{"--mode", "fast"}, true, `unknown coordination mode "fast"`},
		{"bad since", []string{"--since", "yesterday"}, true, `--since "yesterday" is not an RFC 3339 time`},
		{"unknown dataset", []string{"--dataset", "no_such_release"}, false, `no dataset named "no_such_release"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := run(context.Background(), append(append([]string{"coordination"}, c.args...), neo4jFlags(t)...), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) || errors.Is(err, errUsage) != c.usage {
				t.Fatalf("got %v; want an error containing %q (usage error: %v)", err, c.want, c.usage)
			}
		})
	}
}
