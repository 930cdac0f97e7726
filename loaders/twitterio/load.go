package twitterio

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/sync/errgroup"

	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/loaders"
)

// Kind names this format in load records and on the command line.
const Kind = "twitter-io"

var (
	//go:embed amplified.cypher
	amplifiedCypher string
	//go:embed clients.cypher
	clientsCypher string
	//go:embed dataset_accounts.cypher
	datasetAccountsCypher string
	//go:embed derive_state.cypher
	deriveStateCypher string
	//go:embed derive_done.cypher
	deriveDoneCypher string
)

// Load loads users and tweets files into their releases. dataset overrides
// the release name taken from each file name. After the files of a release,
// it recomputes the release's amplification and client aggregates.
func Load(ctx context.Context, t loaders.Target, paths []string, dataset string, opts loaders.Options, rej *loaders.Rejects) (*loaders.Summary, error) {
	sum := &loaders.Summary{Derived: map[string]int{}}
	jobs, err := Jobs(paths, dataset)
	if err != nil {
		return sum, err
	}
	changed := map[string][]string{} // dataset -> ids of loads that wrote
	var order []string
	for _, j := range jobs {
		fl, err := loaders.RunEntry(ctx, t, Kind, j.Dataset, j.Entry, opts, rej, opener)
		if fl != nil {
			sum.Files = append(sum.Files, fl)
		}
		if err != nil {
			return sum, err
		}
		if _, ok := changed[j.Dataset]; !ok {
			order = append(order, j.Dataset)
			changed[j.Dataset] = nil
		}
		if !fl.Skipped {
			changed[j.Dataset] = append(changed[j.Dataset], fl.ID)
		}
	}
	// A release is derived when this run wrote to it, and also when an
	// earlier run was killed while deriving (its files are all skipped now).
	for _, ds := range order {
		res, err := t.Query(ctx, deriveStateCypher, map[string]any{"dataset": ds, "kind": Kind}, neo4j.ExecuteQueryWithWritersRouting())
		if err != nil {
			return sum, fmt.Errorf("derive %s: state: %w", ds, err)
		}
		if len(res.Records) != 1 {
			return sum, fmt.Errorf("derive %s: no dataset of that name", ds)
		}
		rec := res.Records[0]
		version, _ := rec.Get("version")
		fresh, _, _ := neo4j.GetRecordValue[bool](rec, "fresh")
		loadIDs := changed[ds]
		if len(loadIDs) == 0 {
			if fresh {
				continue
			}
			all, _ := rec.Get("loads")
			for _, id := range all.([]any) {
				loadIDs = append(loadIDs, id.(string))
			}
		}
		opts.Progress.Phase("deriving aggregates of " + ds)
		n, err := Derive(ctx, t, ds, loadIDs, opts)
		if err != nil {
			return sum, err
		}
		if _, err := t.Query(ctx, deriveDoneCypher, map[string]any{"dataset": ds, "version": version}, neo4j.ExecuteQueryWithWritersRouting()); err != nil {
			return sum, fmt.Errorf("derive %s: record version: %w", ds, err)
		}
		sum.Derived[ds] = n
	}
	return sum, nil
}

// Job is one CSV stream of a load and the release it goes into.
type Job struct {
	Dataset string
	Entry   loaders.Entry
}

// Jobs lists the streams of paths in load order, each with its release:
// dataset, or else the release the file's name gives.
func Jobs(paths []string, dataset string) ([]Job, error) {
	var jobs []Job
	for _, p := range paths {
		ds := dataset
		if ds == "" {
			var ok bool
			if ds, ok = DatasetFromFile(filepath.Base(p)); !ok {
				return nil, fmt.Errorf("load %s: cannot tell the release from the file name (expected <release>_users_csv_hashed.csv or <release>_tweets_csv_…); pass --dataset", p)
			}
		}
		entries, err := loaders.Entries(p)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", p, err)
		}
		for _, e := range entries {
			jobs = append(jobs, Job{ds, e})
		}
	}
	return jobs, nil
}

// MarkDerived records that the release's aggregates are derived from its
// current loads (derive_state.cypher, derive_done.cypher), as a load does
// after deriving them; the bulk import, which writes the aggregates itself,
// calls it once the imported database runs.
func MarkDerived(ctx context.Context, t loaders.Target, dataset string) error {
	res, err := t.Query(ctx, deriveStateCypher, map[string]any{"dataset": dataset, "kind": Kind}, neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return fmt.Errorf("derive %s: state: %w", dataset, err)
	}
	if len(res.Records) != 1 {
		return fmt.Errorf("derive %s: no dataset of that name", dataset)
	}
	version, _ := res.Records[0].Get("version")
	if _, err := t.Query(ctx, deriveDoneCypher, map[string]any{"dataset": dataset, "version": version}, neo4j.ExecuteQueryWithWritersRouting()); err != nil {
		return fmt.Errorf("derive %s: record version: %w", dataset, err)
	}
	return nil
}

// opener reads a users or a tweets file. The release's file names say
// which (…_users_csv_…, …_tweets_csv_…), and a name that says one kind
// requires that kind's header: a tweets file whose header is damaged
// (tweet_id for tweetid) would otherwise pass as a users file, since a
// tweets header repeats every users column, and load no tweet. Without
// such a name, a header with any tweet column is a tweets header; it is
// never taken for the other kind.
func opener(r io.Reader, label string) (func(*loaders.Out) error, error) {
	c, tweets, err := openCSV(r, label)
	if err != nil {
		return nil, err
	}
	if tweets {
		return func(out *loaders.Out) error { return readTweets(out, c) }, nil
	}
	return func(out *loaders.Out) error { return readUsers(out, c) }, nil
}

// openCSV checks the header of a users or a tweets file (see opener) and
// says which kind it is.
func openCSV(r io.Reader, label string) (c *loaders.CSV, tweets bool, err error) {
	kind := kindFromName(label)
	required := []string{"userid"}
	switch kind {
	case "tweets":
		required = TweetColumns
	case "users":
		required = UserColumns
	}
	c, err = loaders.NewCSV(r, label, "Twitter IO "+orBoth(kind), required)
	if err != nil {
		return nil, false, err
	}
	extra := tweetColumnsIn(c.Header())
	if kind == "" && len(extra) > 0 {
		kind = "tweets"
	}
	if kind == "tweets" {
		if err := c.Require("Twitter IO tweets", TweetColumns); err != nil {
			return nil, false, err
		}
		return c, true, nil
	}
	if err := c.Require("Twitter IO users", UserColumns); err != nil {
		return nil, false, err
	}
	if len(extra) > 0 {
		return nil, false, &loaders.HeaderError{File: label, Format: "Twitter IO users", Extra: extra, Expected: UserColumns, Got: c.Header()}
	}
	return c, false, nil
}

func orBoth(kind string) string {
	if kind == "" {
		return "users or tweets"
	}
	return kind
}

var (
	// kindName finds "users" or "tweets" in a release file name.
	kindName = regexp.MustCompile(`(?i)_(users|tweets)_csv_`)
	// zipMember ends the zip's path in an entry's label (see
	// loaders.Entry.Label); matched in place, since lower-casing the label
	// first can change its length (FuzzNormalise found "\xc2.Zip:").
	zipMember = regexp.MustCompile(`(?i)\.zip:`)
)

// kindFromName is "users" or "tweets" when the name of a zip member, or
// else of the file, says so, and "" otherwise.
func kindFromName(label string) string {
	names := []string{label}
	if m := zipMember.FindAllStringIndex(label, -1); m != nil {
		i := m[len(m)-1]
		names = []string{label[i[1]:], label[:i[0]]}
	}
	for _, n := range names {
		if m := kindName.FindStringSubmatch(filepath.Base(n)); m != nil {
			return strings.ToLower(m[1])
		}
	}
	return ""
}

// tweetColumnsIn lists the columns of header that only a tweets file has,
// or that look like one of them misspelt (tweet_id).
func tweetColumnsIn(header []string) []string {
	var out []string
	for _, h := range header {
		if !slices.Contains(UserColumns, h) && (slices.Contains(TweetColumns, h) || strings.HasPrefix(h, "tweet")) {
			out = append(out, h)
		}
	}
	return out
}

func readUsers(out *loaders.Out, c *loaders.CSV) error {
	seen := newSeen()
	b := newBatch(out.LoadID(), out.Dataset())
	err := loaders.ReadRows(out, c, func() (*loaders.Reject, error) {
		u, rej := parseUser(c)
		if rej != nil {
			return rej, nil
		}
		delete(seen.described, accountUID(u.ID)) // a users file describes every row it has
		b.addUser(u, seen)
		b.rows++
		if b.rows < out.BatchSize {
			return nil, nil
		}
		err := b.emit(out)
		b = newBatch(out.LoadID(), out.Dataset())
		return nil, err
	})
	if err != nil {
		return err
	}
	return b.emit(out)
}

func readTweets(out *loaders.Out, c *loaders.CSV) error {
	seen := newSeen()
	b := newBatch(out.LoadID(), out.Dataset())
	err := loaders.ReadRows(out, c, func() (*loaders.Reject, error) {
		t, rej := parseTweet(c)
		if rej != nil {
			return rej, nil
		}
		b.addTweet(t, seen)
		if b.rows < out.BatchSize {
			return nil, nil
		}
		err := b.emit(out)
		b = newBatch(out.LoadID(), out.Dataset())
		return nil, err
	})
	if err != nil {
		return err
	}
	return b.emit(out)
}

// Derive recomputes the release's AMPLIFIED and USED_CLIENT aggregates from
// tweet-level facts, in batches of accounts from a bounded pool of workers.
// It is idempotent, so a killed load re-run simply derives again.
func Derive(ctx context.Context, t loaders.Target, dataset string, loadIDs []string, opts loaders.Options) (int, error) {
	res, err := t.Query(ctx, datasetAccountsCypher, map[string]any{"dataset": dataset}, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return 0, fmt.Errorf("derive %s: list accounts: %w", dataset, err)
	}
	uids := make([]string, 0, len(res.Records))
	for _, r := range res.Records {
		uid, _, _ := neo4j.GetRecordValue[string](r, "uid")
		uids = append(uids, uid)
	}
	workers := max(opts.Workers, 1)
	const per = 200
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	// Two chunks that create AMPLIFIED and USED_CLIENT links to the same
	// seed accounts and clients can deadlock on those dense nodes; the chunk
	// that lost is retried alone (graphdb.Retry, as loaders.Writer retries
	// batches): the gate's write lock waits for the chunks in flight and
	// holds new ones back. Other transient failures are retried after a
	// pause.
	var gate sync.RWMutex
	derive := func(q string, chunk []string) error {
		// A chunk of a 10 M-tweet release runs for minutes under contention,
		// so the budget is for the chunk's retries, not for one attempt.
		return graphdb.Retry(gctx, deriveRetryTime, func(_ int, deadlock bool, _ time.Duration, _ error) {
			if deadlock {
				opts.Log.Debug("derive deadlocked; retrying the chunk alone", "first", chunk[0])
			}
		}, func(alone bool) error {
			if alone {
				gate.Lock()
				defer gate.Unlock()
			} else {
				gate.RLock()
				defer gate.RUnlock()
			}
			_, err := t.Query(gctx, q, map[string]any{"uids": chunk, "loads": loadIDs}, neo4j.ExecuteQueryWithWritersRouting())
			return err
		})
	}
	for start := 0; start < len(uids); start += per {
		chunk := uids[start:min(start+per, len(uids))]
		g.Go(func() error {
			for _, q := range []string{amplifiedCypher, clientsCypher} {
				if err := derive(q, chunk); err != nil {
					return fmt.Errorf("derive %s: accounts %s…: %w", dataset, chunk[0], err)
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return len(uids), nil
}

// deriveRetryTime bounds how long one chunk of the derivation is retried.
const deriveRetryTime = 30 * time.Minute
