// Package crowdtangle loads CrowdTangle link shares in CooRnet's format
// (ct_shares.csv): Facebook pages and groups, their posts and the URLs those
// posts share. Ids here are real platform ids, so pages meet the same pages
// from other sources.
package crowdtangle

import (
	"context"
	_ "embed"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/links"
)

// Kind names this format in load records and on the command line.
const Kind = "crowdtangle"

var (
	//go:embed accounts.cypher
	accountsCypher string
	//go:embed posts.cypher
	postsCypher string
)

// Columns is the header CooRnet writes; every column is required.
var Columns = []string{"id", "is_orig", "expanded", "date", "account.url", "account.name", "account.handle",
	"account.subscribercount", "account.id", "account.platform", "account.platformid", "account.verified"}

// Load loads CrowdTangle shares files; the dataset defaults to the file name.
func Load(ctx context.Context, t loaders.Target, paths []string, dataset string, opts loaders.Options, rej *loaders.Rejects) (*loaders.Summary, error) {
	return Reader(dataset).Load(ctx, t, paths, opts, rej)
}

// Reader reads CrowdTangle shares files into dataset, or else the dataset
// each file's name gives (Load, and the bulk import).
func Reader(dataset string) loaders.Reader {
	return loaders.Reader{Kind: Kind, Dataset: func(p string, _ loaders.Entry) string {
		if dataset != "" {
			return dataset
		}
		return strings.TrimSuffix(strings.TrimSuffix(filepath.Base(p), ".gz"), ".csv")
	}, Open: func(string) loaders.Opener { return open },
		Cypher: map[string]string{"crowdtangle/accounts.cypher": accountsCypher, "crowdtangle/posts.cypher": postsCypher}}
}

func open(r io.Reader, label string) (func(*loaders.Out) error, error) {
	c, err := loaders.NewCSV(r, label, "CrowdTangle shares (CooRnet)", Columns)
	if err != nil {
		return nil, err
	}
	return func(out *loaders.Out) error { return read(out, c) }, nil
}

// na reads R's missing value as empty. Only ASCII white space is trimmed:
// a URL ending in an ideographic space is a different URL as written.
func na(s string) string {
	s = strings.Trim(s, " \t\r\n")
	if s == "NA" {
		return ""
	}
	return s
}

// Platform maps CrowdTangle's platform names.
func Platform(s string) (model.Platform, bool) {
	switch strings.ToLower(na(s)) {
	case "facebook":
		return model.PlatformFacebook, true
	case "instagram":
		return model.PlatformInstagram, true
	case "reddit":
		return model.PlatformOther, true
	}
	return "", false
}

// KindOf tells a group from a page by its URL, the only place CooRnet's
// export says it.
func KindOf(accountURL string) model.AssetKind {
	if strings.Contains(strings.ToLower(accountURL), "/groups/") {
		return model.KindGroup
	}
	return model.KindPage
}

type batch struct {
	seenPost map[string]bool
	rows     int
	accounts []map[string]any
	members  []string
	handles  []map[string]any // links.HandleRow of the accounts
	posts    []map[string]any
	links    links.Rows
}

func (b *batch) steps(load, dataset string) []loaders.Step {
	var out []loaders.Step
	if len(b.accounts) > 0 {
		out = append(out, loaders.StepsOf(accountsCypher, map[string]any{"rows": b.accounts, "load": load})...)
		out = append(out, links.Memberships(load, dataset, b.members))
		out = append(out, links.Handles(load, dataset, b.handles)...)
	}
	if len(b.posts) > 0 {
		out = append(out, loaders.StepsOf(postsCypher, map[string]any{"rows": b.posts, "load": load})...)
	}
	return append(out, b.links.Steps(load)...)
}

// post is one row of a CrowdTangle export: a post, the page or group that
// posted it, and the URL it shares.
type post struct {
	id       string
	uid      string
	when     time.Time
	platform model.Platform
	account  string // uid
	pid      string // the platform's id of the account
	props    map[string]any
	url      string
	domain   string
	handle   string // account.handle as exported
}

// parseRow reads the current row of c.
func parseRow(c *loaders.CSV) (post, *loaders.Reject) {
	id := na(c.Get("id"))
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return post{}, c.Reject("id", "not a CrowdTangle post id", id)
	}
	platform, ok := Platform(c.Get("account.platform"))
	if !ok {
		return post{}, c.Reject("account.platform", "unknown platform", c.Get("account.platform"))
	}
	pid := na(c.Get("account.platformid"))
	if pid == "" {
		return post{}, c.Reject("account.platformid", "empty platform id", "")
	}
	when, err := time.Parse("2006-01-02 15:04:05", na(c.Get("date")))
	if err != nil {
		return post{}, c.Reject("date", "not a time like 2017-01-13 21:41:10", c.Get("date"))
	}
	url := keys.URL(na(c.Get("expanded")))
	if url == "" {
		return post{}, c.Reject("expanded", "empty URL", "")
	}
	var subscribers any
	if s := na(c.Get("account.subscribercount")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return post{}, c.Reject("account.subscribercount", "not a count", s)
		}
		subscribers = n
	}
	var verified any
	switch na(c.Get("account.verified")) {
	case "TRUE":
		verified = true
	case "FALSE":
		verified = false
	case "":
	default:
		return post{}, c.Reject("account.verified", "not TRUE or FALSE", c.Get("account.verified"))
	}
	handle := na(c.Get("account.handle"))
	var lower any
	if h := keys.Handle(handle); h != "" {
		lower = h
	}
	accountURL := na(c.Get("account.url"))
	p := post{id: id, uid: "crowdtangle:" + id, when: when, platform: platform, account: model.AccountUID(platform, pid), pid: pid,
		url: url, domain: keys.DomainOf(url), handle: handle, props: map[string]any{
			"platform": string(platform), "kind": string(KindOf(accountURL)), "id": pid,
			"handle": emptyNil(handle), "handleLower": lower, "name": na(c.Get("account.name")),
			"profileUrl": accountURL, "followers": subscribers, "verified": verified,
			"crowdtangleId": na(c.Get("account.id")),
		}}
	if rej := c.CheckKeys(loaders.Key{Column: "account.platformid", Value: p.account},
		loaders.Key{Column: "account.handle", Value: keys.Handle(handle)},
		loaders.Key{Column: "account.handle", Value: keys.HandleKey(string(platform), string(KindOf(accountURL)), "", handle)},
		loaders.Key{Column: "expanded", Value: url}, loaders.Key{Column: "expanded", Value: p.domain}); rej != nil {
		return post{}, rej
	}
	return p, nil
}

func read(out *loaders.Out, c *loaders.CSV) error {
	// Accounts are described once per file; their posts MERGE them, so a
	// later batch never depends on an earlier one. Posts are deduplicated per
	// batch only: a post's URLs may span batches, and each batch links only
	// posts it wrote itself.
	seenAccount := map[string]bool{}
	b := &batch{seenPost: map[string]bool{}}
	return finish(out, b, loaders.ReadRows(out, c, func() (*loaders.Reject, error) {
		p, rej := parseRow(c)
		if rej != nil {
			return rej, nil
		}
		if !seenAccount[p.account] {
			seenAccount[p.account] = true
			b.accounts = append(b.accounts, map[string]any{"uid": p.account, "props": p.props})
			b.members = append(b.members, p.account)
			b.handles = append(b.handles, links.HandleRow(p.account, string(p.platform), p.props["kind"].(string), "", p.handle,
				"CrowdTangle export "+out.Dataset(), "account.handle of account.platformId "+p.pid, ""))
		}
		if !b.seenPost[p.uid] {
			b.seenPost[p.uid] = true
			b.posts = append(b.posts, map[string]any{"uid": p.uid, "id": p.id, "timeMs": p.when.UnixMilli(), "account": p.account,
				"platform": string(p.platform), "accountId": p.pid})
		}
		b.links.URL(p.uid, p.url, p.domain)
		b.rows++
		if b.rows < out.BatchSize {
			return nil, nil
		}
		err := out.Emit(b.rows, b.steps(out.LoadID(), out.Dataset()))
		*b = batch{seenPost: map[string]bool{}}
		return nil, err
	}))
}

func finish(out *loaders.Out, b *batch, err error) error {
	if err != nil {
		return err
	}
	return out.Emit(b.rows, b.steps(out.LoadID(), out.Dataset()))
}

func emptyNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
