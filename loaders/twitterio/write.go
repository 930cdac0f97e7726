package twitterio

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
)

var (
	//go:embed accounts.cypher
	accountsCypher string
	//go:embed stubs.cypher
	stubsCypher string
	//go:embed tweets.cypher
	tweetsCypher string
	//go:embed targets.cypher
	targetsCypher string
	//go:embed target_authors.cypher
	targetAuthorsCypher string
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
)

func accountUID(id string) string { return model.AccountUID(model.PlatformTwitter, id) }
func tweetUID(id string) string   { return model.AccountUID(model.PlatformTwitter, id) }

// A batch is written in three transactions (see loaders.Batch). The prepare
// transaction writes the shared nodes: the accounts, retweeted/replied/quoted
// tweets, hashtags, URLs and domains the file names for the first time (seen
// remembers them), with their properties and this load, and a URL's domain.
// The own transaction writes the batch's tweets (their properties and
// POSTED) and links retweeted and replied-to tweets to the authors the rows
// name. Both run one batch at a time, in batch order, each beside the other
// stage of another batch. The links transaction, run by the workers side by
// side, only creates the batch's tweets' relationships to nodes that have
// committed: it sets no property of a shared node, so it never waits for
// another batch's locks on a seed tweet, a hashtag or an author. A tweet is
// owned (a key) by the batch whose row it is: two batches holding the same
// tweet never run their links at the same time.
//
// Every statement's rows are unique by what they create (a key repeated in
// the batch replaces the earlier row): the statements check for a
// relationship and then CREATE it, and the check of a later row may run
// before the CREATE of an earlier one, so a repeated key would create the
// relationship twice. keys is bounded by the batch size.
type batch struct {
	load, dataset string
	rows          int
	// prepare transaction
	accounts     []map[string]any
	stubs        []map[string]any
	targets      []map[string]any
	hashtagNodes []map[string]any
	urlNodes     []map[string]any
	// own transaction
	tweets        []map[string]any
	targetAuthors []map[string]any
	// links transaction
	retweets []map[string]any
	replies  []map[string]any
	quotes   []map[string]any
	mentions []map[string]any
	hashtags []map[string]any
	urls     []map[string]any

	keys      map[string]int
	tweetKeys []string // the tweets whose links this batch creates (see loaders.Batch)
}

func newBatch(load, dataset string) *batch {
	return &batch{load: load, dataset: dataset, keys: map[string]int{}}
}

// put appends row to *rows, or replaces the row of the same kind and key
// already in the batch (the later row wins, as a second SET would). It
// reports whether the key is new to the batch.
func (b *batch) put(kind string, rows *[]map[string]any, row map[string]any, key ...string) bool {
	k := kind + "\x00" + strings.Join(key, "\x00")
	if i, ok := b.keys[k]; ok {
		(*rows)[i] = row
		return false
	}
	b.keys[k] = len(*rows)
	*rows = append(*rows, row)
	return true
}

// seenSet remembers, for the whole file, what earlier batches' prepare
// transactions wrote, so an author repeated on a million rows is written
// once and a seed tweet, a campaign hashtag or a URL is MERGEd once rather
// than on every row that names it. Accounts described are remembered
// exactly (the first description in the file wins, whatever else follows);
// the rest in bounded sets: forgetting a node only means writing it again,
// which changes nothing, so memory stays flat however long the file.
type seenSet struct {
	described  map[string]bool
	referenced *keySet // accounts created or recorded as stubs
	posts      *keySet // tweets written and retweeted/replied/quoted tweets created
	hashtags   *keySet
	urls       *keySet
	authored   *keySet // original tweet and author pairs linked
}

func newSeen() *seenSet {
	return &seenSet{described: map[string]bool{}, referenced: newKeySet(1 << 16), posts: newKeySet(1 << 17),
		hashtags: newKeySet(1 << 14), urls: newKeySet(1 << 16), authored: newKeySet(1 << 16)}
}

// keySet is a set that forgets its oldest keys: it holds the keys of the
// current generation and of the one before, each at most max keys.
type keySet struct {
	cur, old map[string]struct{}
	max      int
}

func newKeySet(max int) *keySet { return &keySet{cur: map[string]struct{}{}, max: max} }

// add reports whether k was new, and remembers it.
func (s *keySet) add(k string) bool {
	if _, ok := s.cur[k]; ok {
		return false
	}
	_, known := s.old[k]
	s.cur[k] = struct{}{}
	if len(s.cur) >= s.max {
		s.old, s.cur = s.cur, make(map[string]struct{}, s.max)
	}
	return !known
}

func userProps(u User) map[string]any {
	p := map[string]any{
		"platform": string(model.PlatformTwitter), "kind": string(model.KindAccount),
		"id": u.ID, "handle": u.ScreenName, "handleLower": lowerOrNil(u.ScreenName),
		"name": u.Name, "description": u.Description, "location": u.Location,
		"profileUrl": u.ProfileURL, "language": u.Language, "hashed": u.Hashed,
		"followers": u.Followers, "following": u.Following,
	}
	if u.CreatedAt != nil {
		p["createdAt"] = dbtype.Date(*u.CreatedAt)
	}
	return p
}

func (b *batch) addUser(u User, seen *seenSet) {
	uid := accountUID(u.ID)
	if seen.described[uid] {
		return
	}
	seen.described[uid] = true
	b.put("account", &b.accounts, map[string]any{"uid": uid, "props": userProps(u)}, uid)
}

// addStub makes sure an account the batch links to exists by the time its
// links run: described or created by this or an earlier batch's prepare.
func (b *batch) addStub(id string, seen *seenSet) string {
	uid := accountUID(id)
	if !seen.described[uid] && seen.referenced.add(uid) {
		b.put("stub", &b.stubs, map[string]any{"uid": uid, "id": id, "hashed": !decimalID.MatchString(id)}, uid)
	}
	return uid
}

// mention links a tweet to an account it mentions.
func (b *batch) mention(post, id string, seen *seenSet) {
	a := b.addStub(id, seen)
	b.put("mention", &b.mentions, map[string]any{"post": post, "account": a}, post, a)
}

// ref links a tweet to the tweet it retweets, replies to or quotes (created
// from its id when the file has not named it yet), and that tweet to its
// author when the row names one.
func (b *batch) ref(kind string, rows *[]map[string]any, from, toID, toAuthor string, seen *seenSet) {
	to := tweetUID(toID)
	if seen.posts.add(to) {
		r := map[string]any{"uid": to, "id": toID, "timeMs": nil}
		if ms, ok := SnowflakeMs(toID); ok {
			r["timeMs"] = ms
		}
		b.put("target", &b.targets, r, to)
	}
	b.put(kind, rows, map[string]any{"post": from, "to": to}, from, to)
	if toAuthor != "" {
		a := b.addStub(toAuthor, seen)
		if seen.authored.add(to + "\x00" + a) {
			b.put("target author", &b.targetAuthors, map[string]any{"post": to, "author": a}, to, a)
		}
	}
}

func (b *batch) addTweet(t Tweet, seen *seenSet) {
	b.addUser(t.Author, seen)
	uid := tweetUID(t.ID)
	props := map[string]any{
		"id": t.ID, "time": t.Time.UTC(), "timeMs": t.TimeMs, "language": t.Language,
		"text": t.Text, "client": t.Client, "isRetweet": t.IsRetweet,
		"latitude": t.Latitude, "longitude": t.Longitude, "pollChoices": t.PollChoices,
		"quoteCount": t.QuoteCount, "replyCount": t.ReplyCount, "likeCount": t.LikeCount,
		"retweetCount":     t.RetweetCount,
		"inReplyToTweetId": emptyNil(t.InReplyToTweet), "quotedTweetId": emptyNil(t.QuotedTweet),
		"retweetTweetId": emptyNil(t.RetweetTweet),
	}
	author := accountUID(t.Author.ID)
	if b.put("tweet", &b.tweets, map[string]any{"uid": uid, "author": author, "authorId": t.Author.ID,
		"authorHashed": t.Author.Hashed, "props": props}, uid, author) {
		b.tweetKeys = append(b.tweetKeys, uid)
	}
	seen.posts.add(uid)
	if t.RetweetTweet != "" {
		b.ref("retweet", &b.retweets, uid, t.RetweetTweet, t.RetweetUser, seen)
	}
	if t.InReplyToTweet != "" {
		b.ref("reply", &b.replies, uid, t.InReplyToTweet, t.InReplyToUser, seen)
	} else if t.InReplyToUser != "" {
		// a reply to an account whose tweet id the release withheld: the
		// engagement is still real, recorded as a mention-like link below
		b.mention(uid, t.InReplyToUser, seen)
	}
	if t.QuotedTweet != "" {
		b.ref("quote", &b.quotes, uid, t.QuotedTweet, "", seen)
	}
	for _, m := range t.Mentions {
		b.mention(uid, m, seen)
	}
	for _, h := range t.Hashtags {
		h = strings.ToLower(h)
		if seen.hashtags.add(h) {
			b.put("hashtag node", &b.hashtagNodes, map[string]any{"tag": h}, h)
		}
		b.put("hashtag", &b.hashtags, map[string]any{"post": uid, "tag": h}, uid, h)
	}
	for _, u := range t.URLs {
		if seen.urls.add(u) {
			b.put("url node", &b.urlNodes, map[string]any{"url": u, "domain": emptyNil(Domain(u))}, u)
		}
		b.put("url", &b.urls, map[string]any{"post": uid, "url": u}, uid, u)
	}
	b.rows++
}

func (b *batch) step(q string, rows []map[string]any, result func([]*neo4j.Record) error) []loaders.Step {
	if len(rows) == 0 {
		return nil
	}
	return []loaders.Step{{Query: q, Params: map[string]any{"rows": rows, "load": b.load, "dataset": b.dataset}, Result: result}}
}

// prepare writes the shared nodes the batch's later stages find.
// Accounts come before stubs: a stub never overwrites a description.
func (b *batch) prepare() []loaders.Step {
	var out []loaders.Step
	out = append(out, b.step(accountsCypher, b.accounts, nil)...)
	out = append(out, b.step(stubsCypher, b.stubs, nil)...)
	out = append(out, b.step(targetsCypher, b.targets, nil)...)
	out = append(out, b.step(hashtagNodesCypher, b.hashtagNodes, nil)...)
	out = append(out, b.step(urlNodesCypher, b.urlNodes, nil)...)
	return out
}

// own writes the batch's tweets and the authors of the tweets it engages
// with. The tweets statement returns the tweets' element ids, with which
// the links find them; they are filled in again on every attempt.
func (b *batch) own() []loaders.Step {
	var out []loaders.Step
	out = append(out, b.step(tweetsCypher, b.tweets, func(recs []*neo4j.Record) error {
		return fillIDs(recs, "post", "t", b.retweets, b.replies, b.quotes, b.mentions, b.hashtags, b.urls)
	})...)
	out = append(out, b.step(targetAuthorsCypher, b.targetAuthors, nil)...)
	return out
}

// links are the relationships of the batch's tweets.
func (b *batch) links() []loaders.Step {
	var out []loaders.Step
	out = append(out, b.step(retweetsCypher, b.retweets, nil)...)
	out = append(out, b.step(repliesCypher, b.replies, nil)...)
	out = append(out, b.step(quotesCypher, b.quotes, nil)...)
	out = append(out, b.step(mentionsCypher, b.mentions, nil)...)
	out = append(out, b.step(hashtagsCypher, b.hashtags, nil)...)
	out = append(out, b.step(urlsCypher, b.urls, nil)...)
	return out
}

// emit sends the batch: a users file's accounts in one transaction, a
// tweets file's in a prepare, an own and a links transaction.
func (b *batch) emit(out *loaders.Out) error {
	if len(b.tweets) == 0 {
		return out.EmitStaged(b.rows, nil, nil, b.step(accountsCypher, b.accounts, nil), nil)
	}
	return out.EmitStaged(b.rows, b.prepare(), b.own(), b.links(), b.tweetKeys)
}

// fillIDs copies the element ids a statement returned (records of key and
// id) into field dst of every row of later statements, matched by the key
// the row holds in field src.
func fillIDs(recs []*neo4j.Record, src, dst string, rows ...[]map[string]any) error {
	byKey := make(map[string]any, len(recs))
	for _, r := range recs {
		k, _ := r.Get("key")
		id, _ := r.Get("id")
		byKey[fmt.Sprint(k)] = id
	}
	return fillFrom(byKey, src, dst, rows...)
}

func fillFrom(byKey map[string]any, src, dst string, rows ...[]map[string]any) error {
	for _, rs := range rows {
		for _, row := range rs {
			key, _ := row[src].(string)
			id, ok := byKey[key]
			if !ok {
				return fmt.Errorf("twitter-io: no element id was returned for %q", key)
			}
			row[dst] = id
		}
	}
	return nil
}

func emptyNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func lowerOrNil(s string) any {
	if s == "" {
		return nil
	}
	return strings.ToLower(s)
}
