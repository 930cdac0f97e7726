// Package shares loads share sets in CooRTweet's input format: one row per
// share with `object_id, account_id, content_id, timestamp_share`, and its
// multi-object form (`account_id, post_id, url_id, hashtag_id, domain_id,
// phash_id, timestamp`, platform from an fb_/tw_ prefix on account ids).
//
// Share sets are usually anonymised: their ids mean something only inside
// the set. Unless --global-ids says the ids are real platform ids, every id
// is scoped by the dataset ("twitter:russian_coord_tweets/0fb4…"), so an
// anonymised "tw_123" never merges with the real Twitter user 123.
package shares

import (
	"context"
	_ "embed"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/links"
)

// Kind names this format in load records and on the command line.
const Kind = "shares"

var (
	//go:embed accounts.cypher
	accountsCypher string
	//go:embed posts.cypher
	postsCypher string
	//go:embed reshares.cypher
	resharesCypher string
)

// CoortweetColumns is CooRTweet's share table.
var CoortweetColumns = []string{"object_id", "account_id", "content_id", "timestamp_share"}

// MultiColumns is the multi-object share table; at least one object column
// besides these must be present.
var MultiColumns = []string{"account_id", "post_id", "timestamp"}

// ObjectColumns of the multi-object table and what each links to.
var ObjectColumns = []string{"url_id", "hashtag_id", "domain_id", "phash_id"}

// Config says how to read ids. The zero value reads anonymised Twitter share
// sets, which is what CooRTweet's examples are.
type Config struct {
	Platform  model.Platform // for ids without an fb_/tw_ prefix; default twitter
	GlobalIDs bool           // ids are real platform ids, not anonymised ones
}

// Loader returns the load function for cfg.
func Loader(cfg Config) loaders.Func {
	return func(ctx context.Context, t loaders.Target, paths []string, dataset string, opts loaders.Options, rej *loaders.Rejects) (*loaders.Summary, error) {
		return Reader(cfg, dataset).Load(ctx, t, paths, opts, rej)
	}
}

// Reader reads share sets as cfg says into dataset, or else the dataset
// each file's name gives (Loader, and the bulk import).
func Reader(cfg Config, dataset string) loaders.Reader {
	if cfg.Platform == "" {
		cfg.Platform = model.PlatformTwitter
	}
	return loaders.Reader{Kind: Kind, Dataset: func(p string, _ loaders.Entry) string {
		if dataset != "" {
			return dataset
		}
		return DatasetFromFile(p)
	}, Open: func(dataset string) loaders.Opener {
		// the dataset scopes anonymised ids, so the opener needs it
		return func(r io.Reader, label string) (func(*loaders.Out) error, error) { return open(r, label, dataset, cfg) }
	}, Cypher: map[string]string{"shares/accounts.cypher": accountsCypher, "shares/posts.cypher": postsCypher,
		"shares/reshares.cypher": resharesCypher}}
}

// Load reads anonymised Twitter share sets (the default Config).
var Load = Loader(Config{})

// DatasetFromFile names a share set after its file: german_elections.csv.gz
// is "german_elections".
func DatasetFromFile(path string) string {
	base := filepath.Base(path)
	for _, ext := range []string{".gz", ".zip", ".csv"} {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

type ids struct {
	dataset string
	cfg     Config
}

// split reads an account id's platform prefix (fb_, tw_, ig_).
func (x ids) split(raw string) (model.Platform, string) {
	for prefix, p := range map[string]model.Platform{"fb_": model.PlatformFacebook, "tw_": model.PlatformTwitter, "ig_": model.PlatformInstagram} {
		if strings.HasPrefix(raw, prefix) {
			return p, raw[len(prefix):]
		}
	}
	return x.cfg.Platform, raw
}

func (x ids) scoped(id string) string {
	if x.cfg.GlobalIDs {
		return id
	}
	return x.dataset + "/" + id
}

func (x ids) account(raw string) (uid string, p model.Platform, id string) {
	p, id = x.split(raw)
	return model.AccountUID(p, x.scoped(id)), p, id
}

func (x ids) post(p model.Platform, id string) string { return model.AccountUID(p, x.scoped(id)) }

// object keys of anonymised sets carry the dataset so that url 23678 of one
// set is not url 23678 of another.
func (x ids) object(kind, id string) string {
	if x.cfg.GlobalIDs {
		return id
	}
	return "anon:" + x.dataset + "/" + kind + "/" + id
}

func open(r io.Reader, label, dataset string, cfg Config) (func(*loaders.Out) error, error) {
	c, err := loaders.NewCSV(r, label, "shares (CooRTweet or multi-object)", []string{"account_id"})
	if err != nil {
		return nil, err
	}
	x := ids{dataset: dataset, cfg: cfg}
	switch {
	case c.Has("object_id"):
		if err := c.Require("CooRTweet shares", CoortweetColumns); err != nil {
			return nil, err
		}
		return func(out *loaders.Out) error { return read(out, c, x, false) }, nil
	case c.Has("post_id"):
		if err := c.Require("multi-object shares", MultiColumns); err != nil {
			return nil, err
		}
		n := 0
		for _, col := range ObjectColumns {
			if c.Has(col) {
				n++
			}
		}
		if n == 0 {
			return nil, &loaders.HeaderError{File: label, Format: "multi-object shares", Missing: ObjectColumns,
				Expected: append(append([]string{}, MultiColumns...), ObjectColumns...), Got: c.Header()}
		}
		return func(out *loaders.Out) error { return read(out, c, x, true) }, nil
	}
	return nil, &loaders.HeaderError{File: label, Format: "shares", Missing: []string{"object_id or post_id"},
		Expected: CoortweetColumns, Got: c.Header()}
}

type batch struct {
	rows     int
	accounts []map[string]any
	members  []string
	posts    []map[string]any
	reshares []map[string]any
	links    links.Rows
}

func (b *batch) steps(load, dataset string) []loaders.Step {
	var out []loaders.Step
	for _, s := range []struct {
		q    string
		rows []map[string]any
	}{{accountsCypher, b.accounts}, {postsCypher, b.posts}, {resharesCypher, b.reshares}} {
		if len(s.rows) > 0 {
			out = append(out, loaders.StepsOf(s.q, map[string]any{"rows": s.rows, "load": load})...)
		}
	}
	if len(b.members) > 0 {
		out = append(out, links.Memberships(load, dataset, b.members))
	}
	return append(out, b.links.Steps(load)...)
}

// share is one row of a share set, with the keys it writes.
type share struct {
	account   string // uid
	platform  model.Platform
	accountID string
	post      string // uid
	content   string
	timeMs    int64
	object    string // CooRTweet: the uid of the re-shared post, or ""
	objectID  string
	url       string // multi-object: keys of what the post shares, or ""
	domain    string
	hashtag   string
	phash     string
}

// parseRow reads the current row of c.
func parseRow(c *loaders.CSV, x ids, multi bool) (share, *loaders.Reject) {
	contentCol, timeCol := "content_id", "timestamp_share"
	if multi {
		contentCol, timeCol = "post_id", "timestamp"
	}
	rawAccount := strings.TrimSpace(c.Get("account_id"))
	content := strings.TrimSpace(c.Get(contentCol))
	ts := strings.TrimSpace(c.Get(timeCol))
	switch {
	case rawAccount == "":
		return share{}, c.Reject("account_id", "empty account id", "")
	case content == "":
		return share{}, c.Reject(contentCol, "empty content id", "")
	}
	secs, ok := parseSeconds(ts)
	if !ok {
		return share{}, c.Reject(timeCol, "not unix seconds", ts)
	}
	s := share{content: content, timeMs: secs * 1000}
	s.account, s.platform, s.accountID = x.account(rawAccount)
	s.post = x.post(s.platform, content)
	keys := []loaders.Key{{Column: "account_id", Value: s.account}, {Column: contentCol, Value: s.post}}
	if !multi {
		if s.objectID = strings.TrimSpace(c.Get("object_id")); s.objectID != "" {
			s.object = x.post(s.platform, s.objectID)
			keys = append(keys, loaders.Key{Column: "object_id", Value: s.object})
		}
	} else {
		for _, o := range []struct {
			col, kind string
			dst       *string
		}{{"url_id", "url", &s.url}, {"domain_id", "domain", &s.domain}, {"hashtag_id", "hashtag", &s.hashtag}, {"phash_id", "phash", &s.phash}} {
			if v := strings.TrimSpace(c.Get(o.col)); v != "" {
				*o.dst = x.object(o.kind, v)
				keys = append(keys, loaders.Key{Column: o.col, Value: *o.dst})
			}
		}
	}
	if rej := c.CheckKeys(keys...); rej != nil {
		return share{}, rej
	}
	return s, nil
}

// maxSeconds keeps a share's time in milliseconds within int64 (and
// Neo4j's datetime): year 9999.
const maxSeconds = 253402300799

// parseSeconds reads unix seconds, written as an integer or, by some
// exports, as a float.
func parseSeconds(ts string) (int64, bool) {
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || secs < 0 {
		f, ferr := strconv.ParseFloat(ts, 64)
		if ferr != nil || !(f >= 0 && f <= maxSeconds) { // NaN fails both
			return 0, false
		}
		secs = int64(f)
	}
	return secs, secs <= maxSeconds
}

func read(out *loaders.Out, c *loaders.CSV, x ids, multi bool) error {
	seen := map[string]bool{}
	b := &batch{}
	err := loaders.ReadRows(out, c, func() (*loaders.Reject, error) {
		s, rej := parseRow(c, x, multi)
		if rej != nil {
			return rej, nil
		}
		if !seen[s.account] {
			seen[s.account] = true
			b.accounts = append(b.accounts, map[string]any{"uid": s.account, "platform": string(s.platform), "id": s.accountID, "anonymised": !x.cfg.GlobalIDs})
			b.members = append(b.members, s.account)
		}
		b.posts = append(b.posts, map[string]any{"uid": s.post, "id": s.content, "platform": string(s.platform), "timeMs": s.timeMs, "account": s.account, "accountId": s.accountID})
		if s.object != "" {
			b.reshares = append(b.reshares, map[string]any{"post": s.post, "object": s.object, "objectId": s.objectID, "platform": string(s.platform)})
		}
		switch {
		case s.url != "":
			b.links.URL(s.post, s.url, s.domain)
		case s.domain != "":
			b.links.Domain(s.post, s.domain)
		}
		if s.hashtag != "" {
			b.links.Hashtag(s.post, s.hashtag)
		}
		if s.phash != "" {
			b.links.Image(s.post, s.phash)
		}
		b.rows++
		if b.rows < out.BatchSize {
			return nil, nil
		}
		err := out.Emit(b.rows, b.steps(out.LoadID(), out.Dataset()))
		b = &batch{}
		return nil, err
	})
	if err != nil {
		return err
	}
	return out.Emit(b.rows, b.steps(out.LoadID(), out.Dataset()))
}
