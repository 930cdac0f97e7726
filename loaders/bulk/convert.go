// Package bulk converts releases into the CSV files of Neo4j's bulk import
// (`neo4j-admin database import full`), writing the graph the online
// loader writes: the same labels, keys, properties, provenance (Load and
// Dataset nodes, every node's and relationship's loads), load-time
// aggregates (AMPLIFIED, USED_CLIENT and their Client nodes) and the share
// indexes a load builds after its files (shares.go).
//
// It reads each file with the loader's own parser (twitterio.Open, and
// for the other formats their loaders.Reader, see formats.go), so a row is
// accepted or rejected exactly as a load would, and turns every row into
// facts: "this load set these properties on that node", "this load
// asserted that relationship". The online loader's statements MERGE nodes
// and relationships by key and SET properties, so the graph they leave is a
// fold of those facts in file order; the converter sorts the facts by key
// (an external sort: memory is a fixed budget, whatever the release's size)
// and folds each key's facts the same way. The aggregates that need a
// global view (who amplified whom: a tweet, the tweet it retweets and both
// authors; who posted from which client; who shared which object when) are
// joins of the folded relationships, done the same way by sorting.
//
// The parse of a file's rows runs on a goroutine of its own, handing rows
// in file order to the goroutine that turns them into facts, and each full
// pile of facts is sorted and spilt on a third: on two cores the
// conversion is otherwise one core's work.
//
// Every format the online loader reads converts, in one import: Twitter
// information-operations releases (twitter-io), share sets, CrowdTangle
// exports, Meta CIB disclosures and asset lists.
package bulk

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/twitterio"
)

// Options tune a conversion; the zero value is usable.
type Options struct {
	Dataset   string // overrides the release each file's name gives
	Synthetic bool   // the datasets are generated, not real
	// BatchSize is the online loader's batch size, for the batch counts the
	// Load nodes record (default 2000, the loader's).
	BatchSize     int
	MaxFieldBytes int // as loaders.Options
	// MemoryBytes is the budget of the facts held in memory before they are
	// sorted and spilt to disk (default 256 MiB).
	MemoryBytes int
	Log         *slog.Logger
	Progress    *loaders.Progress
}

// defaultMemory is the facts' budget when Options leave it zero.
const defaultMemory = 256 << 20

func (o *Options) defaults() {
	if o.BatchSize <= 0 {
		o.BatchSize = 2000
	}
	if o.MemoryBytes <= 0 {
		o.MemoryBytes = defaultMemory
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// HeapLimit is the soft limit of the Go heap (debug.SetMemoryLimit) that
// holds a conversion with a facts budget of budget bytes to a memory that
// does not grow with the release. The live heap is the budget (the piles),
// a fraction of it for the merges and the derivation's sorters, and maps
// bounded per file (recent create facts, the accounts a file described).
// Without a limit the GC lets the heap grow to twice whatever is live at
// the time, so the peak RSS followed the largest live heap of the run: 469
// MiB at 1 M tweets and 594 MiB at 10 M, where the sorters fill their
// budget. Held at this limit the GC works harder only near it (bench/README,
// "Bulk import": the same peak at 1 M and 10 M, for a few per cent of time).
func HeapLimit(budget int) int64 {
	if budget <= 0 {
		budget = defaultMemory
	}
	return int64(max(budget/2*3, budget+128<<20))
}

// HoldHeap sets the heap limit of a conversion with a facts budget of
// budget bytes, unless the operator set GOMEMLIMIT (their limit wins), and
// returns what puts the previous limit back.
func HoldHeap(budget int) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(HeapLimit(budget))
	return func() { debug.SetMemoryLimit(prev) }
}

// Result is what a conversion wrote.
type Result struct {
	Dir           string
	Nodes         []File // node files, with their labels
	Relationships []File // relationship files, with their type
	Files         []*loaders.FileLoad
	Datasets      []string
	Rows          int64 // input rows over all files
	Took          time.Duration
}

// File is one CSV file of the import and what its lines are.
type File struct {
	Path    string
	Label   string // node labels (Post:Tweet) or relationship type
	Lines   int64
	Longest int64 `json:",omitempty"` // bytes of its longest line (Admin sizes neo4j-admin's read buffer by it)
}

// Node kinds and relationship types the facts are sorted under.
const (
	nAccount = "Account"
	nPost    = "Post"
	nHashtag = "Hashtag"
	nURL     = "Url"
	nDomain  = "Domain"
	nHandle  = "Handle"

	rPosted    = "POSTED"
	rRetweet   = "RETWEET_OF"
	rReply     = "REPLY_TO"
	rQuote     = "QUOTES"
	rMentions  = "MENTIONS"
	rTags      = "TAGS"
	rLinks     = "LINKS"
	rOnDomain  = "ON_DOMAIN"
	rInDataset = "IN_DATASET"
	rHeld      = "HELD"
)

var nodeKinds = []string{nAccount, nPost, nHashtag, nURL, nDomain, nHandle}
var relTypes = []string{rPosted, rRetweet, rReply, rQuote, rMentions, rTags, rLinks, rOnDomain, rInDataset, rHeld}

// Node facts: a MERGE's ON CREATE SET (props only when the node is new)
// or a SET n += props. Every fact adds its load to the node's loads.
const (
	opCreate byte = iota
	opSet
)

// sep joins the parts of a sort key; ids and keys never hold a NUL (the
// loader rejects control characters).
const sep = "\x00"

type converter struct {
	mu   sync.Mutex // res's file lists, written by concurrent folds
	ctx  context.Context
	dir  string
	opts Options
	rej  *loaders.Rejects

	seq   uint64
	enc   encoder
	nodes map[string]*sorter
	rels  map[string]*sorter

	loads    []string         // load ids by index
	loadDS   []int            // the dataset of each load
	datasets []string         // in the order files name them
	dsLoads  map[string][]int // a dataset's loads, in file order
	dsIndex  map[string]int

	// per file: the accounts its rows described (a tweets file's first
	// description of an account wins, as online)
	described map[string]bool
	// recent create facts, so a seed tweet retweeted a million times is one
	// fact per file; forgetting one only writes it again
	recent map[nodeRef]bool

	res     *Result
	started time.Time

	more *formatState // what the formats other than twitter-io need (formats.go)
}

// nodeRef names a node by its kind and key.
type nodeRef struct{ kind, key string }

// recentMax bounds the memory of recent create facts.
const recentMax = 1 << 18

// Convert reads the twitter-io files of paths and writes the import's CSV
// files into dir (which must exist and should be empty). Rejected rows go
// to rej, as a load reports them.
func Convert(ctx context.Context, paths []string, dir string, opts Options, rej *loaders.Rejects) (*Result, error) {
	return ConvertInputs(ctx, []Input{{Format: twitterio.Kind, Files: paths}}, dir, opts, rej)
}

// ConvertInputs is Convert for files of any format, read in the order of
// inputs, as one load command per input would read them.
func ConvertInputs(ctx context.Context, inputs []Input, dir string, opts Options, rej *loaders.Rejects) (*Result, error) {
	opts.defaults()
	start := time.Now()
	jobs, err := Jobs(inputs, opts.Dataset)
	if err != nil {
		return nil, err
	}
	budget := opts.MemoryBytes / (len(nodeKinds) + len(relTypes))
	c := &converter{ctx: ctx, dir: dir, opts: opts, rej: rej, nodes: map[string]*sorter{}, rels: map[string]*sorter{},
		dsLoads: map[string][]int{}, dsIndex: map[string]int{}, recent: map[nodeRef]bool{}, res: &Result{Dir: dir}, started: start, more: &formatState{}}
	for _, k := range nodeKinds {
		c.nodes[k] = newSorter(dir, "node-"+k, budget)
	}
	for _, t := range relTypes {
		c.rels[t] = newSorter(dir, "rel-"+t, budget)
	}
	seenLoads := map[string]bool{}
	for _, j := range jobs {
		id := loaders.LoadID(j.Kind, j.Dataset, j.Entry)
		if seenLoads[id] {
			// the same bytes again: online, the second is skipped as loaded
			opts.Log.Info("already converted; skipping", "file", j.Entry.Label(), "load", id)
			continue
		}
		seenLoads[id] = true
		if err := c.job(j, id); err != nil {
			return nil, err
		}
	}
	if err := c.fold(); err != nil {
		return nil, err
	}
	for _, f := range c.res.Files {
		c.res.Rows += f.Rows.Load()
	}
	c.res.Datasets = c.datasets
	if err := writeManifest(dir, c.res); err != nil {
		return nil, err
	}
	c.res.Took = time.Since(start)
	return c.res, nil
}

// manifestFile lists, in the conversion's folder, the files neo4j-admin
// reads and their labels or types, so the import tool can be run again on
// them alone (bench/importbench does).
const manifestFile = "manifest.json"

type manifest struct {
	Nodes         []File
	Relationships []File
}

func writeManifest(dir string, res *Result) error {
	b, err := json.MarshalIndent(manifest{res.Nodes, res.Relationships}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, manifestFile), b, 0o644)
}

// ReadConverted returns the files a conversion wrote into dir, for Admin.Import.
func ReadConverted(dir string) (*Result, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, manifestFile), err)
	}
	return &Result{Dir: dir, Nodes: m.Nodes, Relationships: m.Relationships}, nil
}

// file converts one users or tweets stream.
func (c *converter) file(j twitterio.Job, id string) error {
	e := j.Entry
	r, rc, pos, err := c.open(j.Dataset, e)
	if err != nil {
		return err
	}
	defer rc.Close()
	read, err := twitterio.Open(r, e.Label())
	if err != nil {
		return err
	}
	fl := &loaders.FileLoad{ID: id, Kind: twitterio.Kind, Dataset: j.Dataset, Entry: e}
	load := c.addLoad(fl)
	c.dsLoads[j.Dataset] = append(c.dsLoads[j.Dataset], load)
	c.described = map[string]bool{}
	clear(c.recent)
	c.opts.Progress.Track(e.Label(), e.Size, pos)
	f := &fileFacts{c: c, load: load, dataset: j.Dataset}
	err = c.pipe(func(ctx context.Context, send func(row) error) error {
		return read(ctx, twitterio.Visitor{
			Row: func() {
				fl.Rows.Add(1)
				c.opts.Progress.AddRows(1)
			},
			Reject: func(r *loaders.Reject) error {
				fl.Rejected.Add(1)
				return c.rej.Add(*r)
			},
			User: func(u twitterio.User) error {
				fl.Accepted.Add(1)
				return send(row{user: u})
			},
			Tweet: func(t twitterio.Tweet) error {
				fl.Accepted.Add(1)
				return send(row{tweet: t, isTweet: true})
			},
		})
	}, func(r *row) error {
		if r.isTweet {
			return f.tweet(r.tweet)
		}
		delete(c.described, twitterio.AccountUID(r.user.ID)) // a users file describes every row it has
		return f.user(r.user)
	})
	if err != nil {
		return err
	}
	n := fl.Accepted.Load()
	fl.Batches.Store((n + int64(c.opts.BatchSize) - 1) / int64(c.opts.BatchSize))
	return nil
}

// row is one accepted row of a file.
type row struct {
	isTweet bool
	user    twitterio.User
	tweet   twitterio.Tweet
}

// rowBatch is how many rows the parse hands to the facts at once: enough
// that the hand-over costs nothing per row.
const rowBatch = 256

// pipe runs read (the CSV parse) on a goroutine of its own and facts on
// this one, on the rows in the file's order: the facts' order is the
// fold's (a node's first description wins), and parsing is half the work.
// A few batches are in flight at once, so memory stays a few thousand rows.
func (c *converter) pipe(read func(ctx context.Context, send func(row) error) error, facts func(*row) error) error {
	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	full, free := make(chan []row, 4), make(chan []row, 5)
	for range 5 {
		free <- make([]row, 0, rowBatch)
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(full)
		batch := <-free
		err := read(ctx, func(r row) error {
			batch = append(batch, r)
			if len(batch) < rowBatch {
				return nil
			}
			select {
			case full <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case batch = <-free:
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			select {
			case full <- batch:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		readErr <- err
	}()
	var err error
	for batch := range full {
		for i := range batch {
			if err == nil {
				err = facts(&batch[i])
			}
		}
		if err != nil {
			cancel() // the reader stops at its next row
		}
		clear(batch)
		free <- batch[:0]
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	return err
}

// fileFacts turns one file's rows into facts, as twitterio's batches turn
// them into statements (see twitterio/write.go).
type fileFacts struct {
	c       *converter
	load    int
	dataset string
}

func (c *converter) nodeFact(kind, key string, op byte, load int, p map[string]any) error {
	if op == opCreate {
		k := nodeRef{kind, key}
		if c.recent[k] {
			return nil
		}
		if len(c.recent) >= recentMax {
			clear(c.recent)
		}
		c.recent[k] = true
	}
	c.enc.reset()
	c.enc.byte(op)
	c.enc.uvarint(uint64(load))
	if err := c.enc.propsMap(p); err != nil {
		return fmt.Errorf("%s %s: %w", kind, key, err)
	}
	return c.addNode(kind, key)
}

// addNode sorts the node fact in c.enc.
func (c *converter) addNode(kind, key string) error {
	c.seq++
	return c.nodes[kind].add(key, c.seq, c.enc.b)
}

// tweetFact is nodeFact of a tweet row's properties (twitterio's
// TweetProps), encoded without their map.
func (f *fileFacts) tweetFact(uid string, t *twitterio.Tweet) error {
	c := f.c
	c.enc.reset()
	c.enc.byte(opSet)
	c.enc.uvarint(uint64(f.load))
	c.enc.beginProps()
	twitterio.EachTweetProp(t, c.enc.put)
	if err := c.enc.endProps(); err != nil {
		return fmt.Errorf("%s %s: %w", nPost, uid, err)
	}
	return c.addNode(nPost, uid)
}

// relFact records that load asserted a relationship of type typ; key names
// its ends (in the order the type's fold reads them) and p are properties
// it sets.
func (c *converter) relFact(typ, key string, load int, p map[string]any) error {
	c.enc.reset()
	c.enc.uvarint(uint64(load))
	if err := c.enc.propsMap(p); err != nil {
		return fmt.Errorf("%s %s: %w", typ, key, err)
	}
	c.seq++
	return c.rels[typ].add(key, c.seq, c.enc.b)
}

// describe writes an account row: its properties, its membership of the
// release and the handle it observes (twitterio's addUser).
func (f *fileFacts) describe(u twitterio.User) error {
	c, uid := f.c, twitterio.AccountUID(u.ID)
	if c.described[uid] {
		return nil
	}
	c.described[uid] = true
	if err := c.nodeFact(nAccount, uid, opSet, f.load, twitterio.UserProps(u)); err != nil {
		return err
	}
	if err := c.relFact(rInDataset, uid+sep+f.dataset, f.load, nil); err != nil {
		return err
	}
	h := twitterio.HandleOf(u, f.dataset)
	if h == nil {
		return nil
	}
	key := h["key"].(string)
	if err := c.nodeFact(nHandle, key, opCreate, f.load, map[string]any{"platform": h["platform"], "handle": h["lower"]}); err != nil {
		return err
	}
	return c.relFact(rHeld, uid+sep+key+sep+f.dataset, f.load, map[string]any{"dataset": f.dataset,
		"handle": h["handle"], "source": h["source"], "evidence": h["evidence"], "asOf": h["asOf"]})
}

func (f *fileFacts) user(u twitterio.User) error { return f.describe(u) }

// stub makes sure an account a row names exists (stubs.cypher).
func (f *fileFacts) stub(id string) (string, error) {
	uid := twitterio.AccountUID(id)
	if f.c.described[uid] {
		return uid, nil
	}
	return uid, f.c.nodeFact(nAccount, uid, opCreate, f.load, map[string]any{
		"platform": twitterio.Platform, "kind": twitterio.AccountKind, "id": id, "hashed": twitterio.StubHashed(id)})
}

// target links a tweet to the tweet it retweets, replies to or quotes
// (targets.cypher), and that tweet to the author the row names.
func (f *fileFacts) target(typ, from, toID, toAuthor string) error {
	c, to := f.c, twitterio.TweetUID(toID)
	var timeMs any
	if ms, ok := twitterio.SnowflakeMs(toID); ok {
		timeMs = ms
	}
	if err := c.nodeFact(nPost, to, opCreate, f.load, map[string]any{"id": toID, "timeMs": timeMs}); err != nil {
		return err
	}
	if err := c.relFact(typ, from+sep+to, f.load, nil); err != nil {
		return err
	}
	if toAuthor == "" {
		return nil
	}
	a, err := f.stub(toAuthor)
	if err != nil {
		return err
	}
	return c.relFact(rPosted, to+sep+a, f.load, nil)
}

func (f *fileFacts) mention(from, id string) error {
	a, err := f.stub(id)
	if err != nil {
		return err
	}
	return f.c.relFact(rMentions, from+sep+a, f.load, nil)
}

// tweet writes a tweets-file row (twitterio's addTweet).
func (f *fileFacts) tweet(t twitterio.Tweet) error {
	c := f.c
	if err := f.describe(t.Author); err != nil {
		return err
	}
	author, uid := twitterio.AccountUID(t.Author.ID), twitterio.TweetUID(t.ID)
	if err := f.tweetFact(uid, &t); err != nil {
		return err
	}
	if err := c.relFact(rPosted, uid+sep+author, f.load, nil); err != nil {
		return err
	}
	if t.RetweetTweet != "" {
		if err := f.target(rRetweet, uid, t.RetweetTweet, t.RetweetUser); err != nil {
			return err
		}
	}
	if t.InReplyToTweet != "" {
		if err := f.target(rReply, uid, t.InReplyToTweet, t.InReplyToUser); err != nil {
			return err
		}
	} else if t.InReplyToUser != "" {
		if err := f.mention(uid, t.InReplyToUser); err != nil {
			return err
		}
	}
	if t.QuotedTweet != "" {
		if err := f.target(rQuote, uid, t.QuotedTweet, ""); err != nil {
			return err
		}
	}
	for _, m := range t.Mentions {
		if err := f.mention(uid, m); err != nil {
			return err
		}
	}
	for _, h := range t.Hashtags {
		h = strings.ToLower(h)
		if err := c.nodeFact(nHashtag, h, opCreate, f.load, nil); err != nil {
			return err
		}
		if err := c.relFact(rTags, uid+sep+h, f.load, nil); err != nil {
			return err
		}
	}
	for _, u := range t.URLs {
		if err := c.nodeFact(nURL, u, opCreate, f.load, nil); err != nil {
			return err
		}
		if d := keys.DomainOf(u); d != "" {
			if err := c.nodeFact(nDomain, d, opCreate, f.load, nil); err != nil {
				return err
			}
			if err := c.relFact(rOnDomain, u+sep+d, f.load, nil); err != nil {
				return err
			}
		}
		if err := c.relFact(rLinks, uid+sep+u, f.load, nil); err != nil {
			return err
		}
	}
	return nil
}

// loadList names the loads of indexes, each once, in order.
func (c *converter) loadList(idx []int) []string { return c.loadListInto(nil, idx) }

// loadListInto is loadList in dst's memory.
func (c *converter) loadListInto(dst []string, idx []int) []string {
	out := dst[:0]
	for _, i := range idx {
		if id := c.loads[i]; !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
