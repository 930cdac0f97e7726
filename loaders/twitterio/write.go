package twitterio

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/links"
)

// The statements of a tweets file run thousands of times over a growing
// graph, and Neo4j would plan each of them again whenever the graph's
// statistics drift (often, early in a load: planning took ≈ 4 % of Neo4j's
// CPU in a profile of a 100 k-tweet load). Their plans cannot change: every node is found by element id or
// by a unique key, and an expansion between two found nodes picks its side
// at run time. So each says CYPHER replan=skip.
var (
	//go:embed accounts.cypher
	accountsCypher string
	//go:embed stubs.cypher
	stubsCypher string
	//go:embed tweets.cypher
	tweetsCypher string
	//go:embed targets.cypher
	targetsCypher string
	//go:embed posted.cypher
	postedCypher string
	//go:embed hashtag_nodes.cypher
	hashtagNodesCypher string
	//go:embed url_nodes.cypher
	urlNodesCypher string
	//go:embed retweets.cypher
	retweetsCypher string
	//go:embed replies.cypher
	repliesCypher string
	//go:embed quotes.cypher
	quotesCypher string
	//go:embed mentions.cypher
	mentionsCypher string
	//go:embed hashtags.cypher
	hashtagsCypher string
	//go:embed urls.cypher
	urlsCypher string
	//go:embed resolve_posts.cypher
	resolvePostsCypher string
	//go:embed resolve_accounts.cypher
	resolveAccountsCypher string
	//go:embed resolve_hashtags.cypher
	resolveHashtagsCypher string
	//go:embed resolve_urls.cypher
	resolveURLsCypher string
)

func accountUID(id string) string { return model.AccountUID(model.PlatformTwitter, id) }
func tweetUID(id string) string   { return model.AccountUID(model.PlatformTwitter, id) }

// handleKey is the key of the Handle node of a screen name (see links.Handles).
func handleKey(screenName string) string {
	return keys.HandleKey(string(model.PlatformTwitter), string(model.KindAccount), "", screenName)
}

// A batch is written in three transactions (see loaders.Batch). The prepare
// transaction writes the shared nodes: the accounts, retweeted/replied/quoted
// tweets, hashtags, URLs and domains the file names for the first time (seen
// remembers them), with their properties and this load, and a URL's domain.
// The own transaction writes the batch's tweets and their properties, and
// nothing else: prepare and own run one batch at a time, in batch order,
// each beside the other stage of another batch, and own was the slowest
// stage. The links transaction, run by the workers side by side, creates
// the batch's tweets' relationships (who posted them, what they retweet,
// mention, tag and link) and the authors of the tweets they engage with,
// all to nodes that have committed: it sets no property of a shared node,
// so it never waits for another batch's locks on a seed tweet, a hashtag
// or an author. A tweet is owned (a key) by the batch whose row it is, and
// by a batch that links it to its author: two batches holding the same
// tweet never run their links at the same time.
//
// Every statement that writes a node returns its element id, kept in the
// node's ref, and the statements of later stages and batches find the nodes
// they link by element id (checked against the node's label and key)
// instead of by an index seek. A ref whose id no
// statement of this load has returned (its batch was skipped on resume) is
// looked up by key first, in the same transaction (resolve_*.cypher).
//
// Every statement's rows are unique by what they create (a key repeated in
// the batch replaces the earlier row): the statements check for a
// relationship and then CREATE it, and the check of a later row may run
// before the CREATE of an earlier one, so a repeated key would create the
// relationship twice. keys is bounded by the batch size.
type batch struct {
	load, dataset string
	rows          int
	// prepare transaction: rows of nodes, and the refs their ids go to
	accounts     []map[string]any
	handles      []map[string]any // the described accounts' screen names (links.HandleRow)
	stubs        []map[string]any
	targets      []map[string]any
	hashtagNodes []map[string]any
	urlNodes     []map[string]any
	// own transaction
	tweets []tweetRow
	// links transaction
	posted   []link // from an account to a tweet it posted
	retweets []link
	replies  []link
	quotes   []link
	mentions []link
	hashtags []link
	urls     []link

	keys      map[string]int
	refs      map[refKind]map[string]*ref // the refs of the nodes this batch writes, by key
	tweetKeys []string                    // the tweets whose links this batch creates (see loaders.Batch)
}

// ref is a node the load writes or links to: its key (uid, tag or URL) and,
// once a statement has returned it, its element id. A batch holds the refs
// of its rows, so a ref outlives seen's memory of it. The stage that writes
// a node commits before any stage that reads its ref starts (batch order,
// see loaders.Batch), but a later batch that writes the node again (a
// repeated tweet, an account described after it was a stub) sets the same
// id while others read it, hence the atomic.
type ref struct {
	key string
	id  atomic.Pointer[string]
	// author is, for a tweet that is a row of the file, the key of the
	// account its row names (read and written by the file's reader only).
	author string
}

// ID is the node's element id, or "" when no statement has returned it.
func (r *ref) ID() string {
	if p := r.id.Load(); p != nil {
		return *p
	}
	return ""
}

type refKind int

const (
	postRef refKind = iota
	accountRef
	hashtagRef
	urlRef
)

// resolveCypher finds refs of each kind by key.
var resolveCypher = map[refKind]string{
	postRef: resolvePostsCypher, accountRef: resolveAccountsCypher,
	hashtagRef: resolveHashtagsCypher, urlRef: resolveURLsCypher,
}

// tweetRow is a tweet of the batch: its row and the tweet's ref.
type tweetRow struct {
	row   map[string]any
	tweet *ref
}

// link is a relationship a statement creates between two nodes found by
// their refs.
type link struct{ from, to *ref }

func newBatch(load, dataset string) *batch {
	return &batch{load: load, dataset: dataset, keys: map[string]int{}, refs: map[refKind]map[string]*ref{}}
}

// put appends row to *rows, or replaces the row of the same kind and key
// already in the batch (the later row wins, as a second SET would). It
// reports whether the key is new to the batch.
func put[T any](b *batch, kind string, rows *[]T, row T, key ...string) bool {
	k := kind + "\x00" + strings.Join(key, "\x00")
	if i, ok := b.keys[k]; ok {
		(*rows)[i] = row
		return false
	}
	b.keys[k] = len(*rows)
	*rows = append(*rows, row)
	return true
}

// writes records that this batch's statements write the node of r, so
// their results fill r's id.
func (b *batch) writes(kind refKind, r *ref) {
	m := b.refs[kind]
	if m == nil {
		m = map[string]*ref{}
		b.refs[kind] = m
	}
	m[r.key] = r
}

// seenSet remembers, for the whole file, what earlier batches' prepare
// transactions wrote, so an author repeated on a million rows is written
// once and a seed tweet, a campaign hashtag or a URL is MERGEd once rather
// than on every row that names it, and later batches find them by the ids
// those transactions returned. Accounts described are remembered exactly
// (the first description in the file wins, whatever else follows); the
// rest in bounded sets: forgetting a node only means writing it again,
// which changes nothing, so memory stays flat however long the file.
type seenSet struct {
	described map[string]bool
	accounts  *refSet // accounts described, created or recorded as stubs
	posts     *refSet // tweets written and retweeted/replied/quoted tweets created
	hashtags  *refSet
	urls      *refSet
	authored  *refSet // original tweet and author pairs linked
}

func newSeen() *seenSet {
	return &seenSet{described: map[string]bool{}, accounts: newRefSet(1 << 16), posts: newRefSet(1 << 17),
		hashtags: newRefSet(1 << 14), urls: newRefSet(1 << 16), authored: newRefSet(1 << 16)}
}

// refSet is a map of refs that forgets its oldest keys: it holds the keys
// of the current generation and of the one before, each at most max keys.
type refSet struct {
	cur, old map[string]*ref
	max      int
}

func newRefSet(max int) *refSet { return &refSet{cur: map[string]*ref{}, max: max} }

// get returns the ref of k, and whether it is new (k was not remembered).
func (s *refSet) get(k string) (*ref, bool) {
	if r, ok := s.cur[k]; ok {
		return r, false
	}
	r, known := s.old[k]
	if !known {
		r = &ref{key: k}
	}
	s.cur[k] = r
	if len(s.cur) >= s.max {
		s.old, s.cur = s.cur, make(map[string]*ref, s.max)
	}
	return r, !known
}

// UserProps are the properties an account row sets on its Account node
// (a nil value removes the property); the bulk import writes the same.
func UserProps(u User) map[string]any {
	p := map[string]any{
		"platform": string(model.PlatformTwitter), "kind": string(model.KindAccount),
		"id": u.ID, "handle": u.ScreenName, "handleLower": emptyNil(keys.Handle(u.ScreenName)),
		"name": u.Name, "description": u.Description, "location": u.Location,
		"profileUrl": u.ProfileURL, "language": u.Language, "hashed": u.Hashed,
		"followers": u.Followers, "following": u.Following,
	}
	if u.CreatedAt != nil {
		p["createdAt"] = dbtype.Date(*u.CreatedAt)
	}
	return p
}

func (b *batch) addUser(u User, seen *seenSet) *ref {
	uid := accountUID(u.ID)
	r, _ := seen.accounts.get(uid)
	if seen.described[uid] {
		return r
	}
	seen.described[uid] = true
	b.writes(accountRef, r)
	put(b, "account", &b.accounts, map[string]any{"uid": uid, "props": UserProps(u)}, uid)
	if h := HandleOf(u, b.dataset); h != nil {
		put(b, "handle", &b.handles, h, uid)
	}
	return r
}

// HandleOf is the handle observation (links.HandleRow) an account row of
// dataset records, or nil: a hashed screen name is the release's
// pseudonym, not a handle.
func HandleOf(u User, dataset string) map[string]any {
	if u.Hashed {
		return nil
	}
	return links.HandleRow(accountUID(u.ID), string(model.PlatformTwitter), string(model.KindAccount), "", u.ScreenName,
		"Twitter release "+dataset, "user_screen_name of userid "+u.ID, ReleaseMonth(dataset))
}

// StubHashed is the hashed property of an account known only by an id a
// row names (stubs.cypher): a release hash is not a decimal id.
func StubHashed(id string) bool { return !isDecimalID(id) }

// addStub makes sure an account the batch links to exists by the time its
// links run: described or created by this or an earlier batch's prepare.
func (b *batch) addStub(id string, seen *seenSet) *ref {
	uid := accountUID(id)
	r, isNew := seen.accounts.get(uid)
	if isNew && !seen.described[uid] {
		b.writes(accountRef, r)
		put(b, "stub", &b.stubs, map[string]any{"uid": uid, "id": id, "hashed": StubHashed(id)}, uid)
	}
	return r
}

// mention links a tweet to an account it mentions.
func (b *batch) mention(post *ref, id string, seen *seenSet) {
	a := b.addStub(id, seen)
	put(b, "mention", &b.mentions, link{post, a}, post.key, a.key)
}

// ref links a tweet to the tweet it retweets, replies to or quotes (created
// from its id when the file has not named it yet), and that tweet to its
// author when the row names one.
func (b *batch) ref(kind string, rows *[]link, from *ref, toID, toAuthor string, seen *seenSet) {
	to, isNew := seen.posts.get(tweetUID(toID))
	if isNew {
		r := map[string]any{"uid": to.key, "id": toID, "timeMs": nil}
		if ms, ok := SnowflakeMs(toID); ok {
			r["timeMs"] = ms
		}
		b.writes(postRef, to)
		put(b, "target", &b.targets, r, to.key)
	}
	put(b, kind, rows, link{from, to}, from.key, to.key)
	if toAuthor != "" {
		a := b.addStub(toAuthor, seen)
		// An engaged tweet whose row came earlier in the file already has
		// this author: its own batch's tweets statement linked them.
		if to.author == a.key {
			return
		}
		if _, isNew := seen.authored.get(to.key + "\x00" + a.key); isNew {
			put(b, "posted", &b.posted, link{a, to}, to.key, a.key)
		}
	}
}

// TweetProps are the properties a tweet row sets on its Post node (a nil
// value removes the property); the bulk import writes the same.
func TweetProps(t Tweet) map[string]any {
	p := make(map[string]any, 17)
	EachTweetProp(&t, func(k string, v any) { p[k] = v })
	return p
}

// EachTweetProp gives f each property of TweetProps: the bulk import
// encodes them as they come, where a map per tweet was a tenth of what its
// conversion allocated.
func EachTweetProp(t *Tweet, f func(key string, value any)) {
	f("id", t.ID)
	f("time", t.Time.UTC())
	f("timeMs", t.TimeMs)
	f("language", t.Language)
	f("text", t.Text)
	f("client", t.Client)
	f("isRetweet", t.IsRetweet)
	f("latitude", t.Latitude)
	f("longitude", t.Longitude)
	f("pollChoices", t.PollChoices)
	f("quoteCount", t.QuoteCount)
	f("replyCount", t.ReplyCount)
	f("likeCount", t.LikeCount)
	f("retweetCount", t.RetweetCount)
	f("inReplyToTweetId", emptyNil(t.InReplyToTweet))
	f("quotedTweetId", emptyNil(t.QuotedTweet))
	f("retweetTweetId", emptyNil(t.RetweetTweet))
}

func (b *batch) addTweet(t Tweet, seen *seenSet) {
	author := b.addUser(t.Author, seen)
	uid := tweetUID(t.ID)
	props := TweetProps(t)
	tw, _ := seen.posts.get(uid)
	tw.author = author.key
	b.writes(postRef, tw)
	if put(b, "tweet", &b.tweets, tweetRow{map[string]any{"uid": uid, "props": props}, tw}, uid) {
		b.tweetKeys = append(b.tweetKeys, uid)
	}
	put(b, "posted", &b.posted, link{author, tw}, uid, author.key)
	if t.RetweetTweet != "" {
		b.ref("retweet", &b.retweets, tw, t.RetweetTweet, t.RetweetUser, seen)
	}
	if t.InReplyToTweet != "" {
		b.ref("reply", &b.replies, tw, t.InReplyToTweet, t.InReplyToUser, seen)
	} else if t.InReplyToUser != "" {
		// a reply to an account whose tweet id the release withheld: the
		// engagement is still real, recorded as a mention-like link below
		b.mention(tw, t.InReplyToUser, seen)
	}
	if t.QuotedTweet != "" {
		b.ref("quote", &b.quotes, tw, t.QuotedTweet, "", seen)
	}
	for _, m := range t.Mentions {
		b.mention(tw, m, seen)
	}
	for _, h := range t.Hashtags {
		h = strings.ToLower(h)
		tag, isNew := seen.hashtags.get(h)
		if isNew {
			b.writes(hashtagRef, tag)
			put(b, "hashtag node", &b.hashtagNodes, map[string]any{"tag": h}, h)
		}
		put(b, "hashtag", &b.hashtags, link{tw, tag}, uid, h)
	}
	for _, u := range t.URLs {
		url, isNew := seen.urls.get(u)
		if isNew {
			b.writes(urlRef, url)
			put(b, "url node", &b.urlNodes, map[string]any{"url": u, "domain": emptyNil(keys.DomainOf(u))}, u)
		}
		put(b, "url", &b.urls, link{tw, url}, uid, u)
	}
	b.rows++
}

func (b *batch) params(rows []map[string]any) map[string]any {
	return map[string]any{"rows": rows, "load": b.load, "dataset": b.dataset}
}

// step writes nodes: rows of keys, and the refs of kind take the ids the
// statement returns.
func (b *batch) step(q string, rows []map[string]any, kind refKind) []loaders.Step {
	if len(rows) == 0 {
		return nil
	}
	return []loaders.Step{{Query: q, Params: b.params(rows), Result: func(recs []*neo4j.Record) error {
		return b.fill(kind, recs)
	}}}
}

// fill copies the element ids a statement returned into the batch's refs
// of kind.
func (b *batch) fill(kind refKind, recs []*neo4j.Record) error {
	return fillRefs(b.refs[kind], recs)
}

// resolve looks up, by key, the refs of kind among links' ends that no
// statement of this load has returned an id for.
func (b *batch) resolve(kind refKind, ends func(link) []*ref, links ...[]link) loaders.Step {
	var pending map[string]*ref
	return loaders.Step{Query: resolveCypher[kind], Bind: func() (map[string]any, error) {
		pending = map[string]*ref{}
		for _, ls := range links {
			for _, l := range ls {
				for _, r := range ends(l) {
					if r.ID() == "" {
						pending[r.key] = r
					}
				}
			}
		}
		if len(pending) == 0 {
			return nil, nil
		}
		keys := make([]string, 0, len(pending))
		for k := range pending {
			keys = append(keys, k)
		}
		return map[string]any{"keys": keys}, nil
	}, Result: func(recs []*neo4j.Record) error {
		if err := fillRefs(pending, recs); err != nil {
			return err
		}
		for k, r := range pending {
			if r.ID() == "" {
				return fmt.Errorf("twitter-io: %q is not in the graph, though an earlier batch wrote it", k)
			}
		}
		return nil
	}}
}

// fillRefs copies the element ids of records of key and id into refs.
func fillRefs(m map[string]*ref, recs []*neo4j.Record) error {
	for _, rec := range recs {
		k, _, err := neo4j.GetRecordValue[string](rec, "key")
		if err != nil {
			return err
		}
		id, _, err := neo4j.GetRecordValue[string](rec, "id")
		if err != nil {
			return err
		}
		if r := m[k]; r != nil {
			r.id.Store(&id)
		}
	}
	return nil
}

func from(l link) []*ref { return []*ref{l.from} }
func to(l link) []*ref   { return []*ref{l.to} }

// linkStep creates relationships of links, both ends found by element id;
// the statement returns how many rows found both, which must be all.
func (b *batch) linkStep(name, q string, links []link) []loaders.Step {
	if len(links) == 0 {
		return nil
	}
	return []loaders.Step{{Query: q, Bind: func() (map[string]any, error) {
		rows := make([]map[string]any, len(links))
		for i, l := range links {
			rows[i] = map[string]any{"t": l.from.ID(), "post": l.from.key, "o": l.to.ID(), "to": l.to.key}
		}
		return b.params(rows), nil
	}, Result: func(recs []*neo4j.Record) error {
		return matchedAll(name, recs, len(links))
	}}}
}

// matchedAll checks that a statement found the nodes of all n rows: a node
// deleted under the load, or an id that is not the node's, would otherwise
// drop its rows silently.
func matchedAll(name string, recs []*neo4j.Record, n int) error {
	if len(recs) != 1 {
		return fmt.Errorf("twitter-io: %s returned %d records, want 1", name, len(recs))
	}
	got, _, err := neo4j.GetRecordValue[int64](recs[0], "matched")
	if err != nil {
		return err
	}
	if got != int64(n) {
		return fmt.Errorf("twitter-io: %s found the nodes of %d of %d rows; a node it links was deleted or changed during the load", name, got, n)
	}
	return nil
}

// prepare writes the shared nodes the batch's later stages find.
// Accounts come before stubs: a stub never overwrites a description.
func (b *batch) prepare() []loaders.Step {
	var out []loaders.Step
	out = append(out, b.step(accountsCypher, b.accounts, accountRef)...)
	out = append(out, links.Handles(b.load, b.dataset, b.handles)...)
	out = append(out, b.step(stubsCypher, b.stubs, accountRef)...)
	out = append(out, b.step(targetsCypher, b.targets, postRef)...)
	out = append(out, b.step(hashtagNodesCypher, b.hashtagNodes, hashtagRef)...)
	out = append(out, b.step(urlNodesCypher, b.urlNodes, urlRef)...)
	return out
}

// own writes the batch's tweets; the statement returns their ids.
func (b *batch) own() []loaders.Step {
	return []loaders.Step{{Query: tweetsCypher, Bind: func() (map[string]any, error) {
		rows := make([]map[string]any, len(b.tweets))
		for i, t := range b.tweets {
			rows[i] = t.row
		}
		return b.params(rows), nil
	}, Result: func(recs []*neo4j.Record) error {
		if len(recs) != len(b.tweets) {
			return fmt.Errorf("twitter-io: tweets statement returned %d of %d tweets", len(recs), len(b.tweets))
		}
		return b.fill(postRef, recs)
	}}}
}

// links are the relationships of the batch's tweets and who posted them,
// after looking up the nodes they link whose ids this load has not seen.
func (b *batch) links() []loaders.Step {
	out := []loaders.Step{
		b.resolve(postRef, to, b.retweets, b.replies, b.quotes, b.posted),
		b.resolve(accountRef, to, b.mentions),
		b.resolve(accountRef, from, b.posted),
		b.resolve(hashtagRef, to, b.hashtags),
		b.resolve(urlRef, to, b.urls),
	}
	if len(b.posted) > 0 {
		out = append(out, loaders.Step{Query: postedCypher, Bind: func() (map[string]any, error) {
			rows := make([]map[string]any, len(b.posted))
			for i, l := range b.posted {
				rows[i] = map[string]any{"s": l.from.ID(), "author": l.from.key, "o": l.to.ID(), "post": l.to.key}
			}
			return b.params(rows), nil
		}, Result: func(recs []*neo4j.Record) error {
			return matchedAll("posted", recs, len(b.posted))
		}})
	}
	out = append(out, b.linkStep("retweets", retweetsCypher, b.retweets)...)
	out = append(out, b.linkStep("replies", repliesCypher, b.replies)...)
	out = append(out, b.linkStep("quotes", quotesCypher, b.quotes)...)
	out = append(out, b.linkStep("mentions", mentionsCypher, b.mentions)...)
	out = append(out, b.linkStep("hashtags", hashtagsCypher, b.hashtags)...)
	out = append(out, b.linkStep("urls", urlsCypher, b.urls)...)
	return out
}

// emit sends the batch: a users file's accounts in one transaction, a
// tweets file's in a prepare, an own and a links transaction.
func (b *batch) emit(out *loaders.Out) error {
	if len(b.tweets) == 0 {
		return out.EmitStaged(b.rows, nil, nil, append(b.step(accountsCypher, b.accounts, accountRef), links.Handles(b.load, b.dataset, b.handles)...), nil)
	}
	return out.EmitStaged(b.rows, b.prepare(), b.own(), b.links(), b.linkKeys())
}

// linkKeys are the tweets whose relationships the batch's links
// transaction checks for and creates: its rows, and the engaged tweets whose
// authors it links (see posted.cypher).
func (b *batch) linkKeys() []string {
	keys := slices.Clone(b.tweetKeys)
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		seen[k] = true
	}
	for _, l := range b.posted {
		if !seen[l.to.key] {
			seen[l.to.key] = true
			keys = append(keys, l.to.key)
		}
	}
	return keys
}

func emptyNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
