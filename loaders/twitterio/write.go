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
	//go:embed target_authors.cypher
	targetAuthorsCypher string
	//go:embed url_domains.cypher
	urlDomainsCypher string
)

func accountUID(id string) string { return model.AccountUID(model.PlatformTwitter, id) }
func tweetUID(id string) string   { return model.AccountUID(model.PlatformTwitter, id) }

// batch accumulates one transaction's worth of rows as Cypher parameters.
// seen remembers, for the whole file, which accounts were already described
// or referenced, so an author repeated on a million rows is written once.
//
// Every statement's rows are unique by what they create (a key repeated in
// the batch replaces the earlier row): the statements check for a
// relationship and then CREATE it, and the check of a later row may run
// before the CREATE of an earlier one, so a repeated key would create the
// relationship twice. keys is bounded by the batch size.
type batch struct {
	load, dataset string
	rows          int
	accounts      []map[string]any
	stubs         []map[string]any
	tweets        []map[string]any
	retweets      []map[string]any
	replies       []map[string]any
	quotes        []map[string]any
	targetAuthors []map[string]any
	mentions      []map[string]any
	hashtags      []map[string]any
	urls          []map[string]any
	urlDomains    []map[string]any
	keys          map[string]int
}

func newBatch(load, dataset string) *batch {
	return &batch{load: load, dataset: dataset, keys: map[string]int{}}
}

// put appends row to *rows, or replaces the row of the same kind and key
// already in the batch (the later row wins, as a second SET would).
func (b *batch) put(kind string, rows *[]map[string]any, row map[string]any, key ...string) {
	k := kind + "\x00" + strings.Join(key, "\x00")
	if i, ok := b.keys[k]; ok {
		(*rows)[i] = row
		return
	}
	b.keys[k] = len(*rows)
	*rows = append(*rows, row)
}

type seenSet struct{ described, referenced map[string]bool }

func newSeen() *seenSet {
	return &seenSet{described: map[string]bool{}, referenced: map[string]bool{}}
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

func (b *batch) addStub(id string, seen *seenSet) string {
	uid := accountUID(id)
	if !seen.described[uid] && !seen.referenced[uid] {
		seen.referenced[uid] = true
		b.stubs = append(b.stubs, map[string]any{"uid": uid, "id": id, "hashed": !decimalID.MatchString(id)})
	}
	return uid
}

// mention links a tweet to an account it mentions. The account's id and
// hashing travel with the row: the batch that describes or first references
// the account may still be in flight on the other worker, so the statement
// MERGEs it rather than expecting it.
func (b *batch) mention(post, id string, seen *seenSet) {
	a := b.addStub(id, seen)
	b.put("mention", &b.mentions, map[string]any{"post": post, "account": a, "accountId": id, "accountHashed": !decimalID.MatchString(id)}, post, a)
}

// ref links a tweet to the tweet it retweets, replies to or quotes, and that
// tweet to its author when the row names one (as mention, the author is
// MERGEd).
func (b *batch) ref(kind string, rows *[]map[string]any, from, toID, toAuthor string, seen *seenSet) {
	to := tweetUID(toID)
	r := map[string]any{"post": from, "to": to, "toId": toID, "toTimeMs": nil}
	if ms, ok := SnowflakeMs(toID); ok {
		r["toTimeMs"] = ms
	}
	b.put(kind, rows, r, from, to)
	if toAuthor != "" {
		a := b.addStub(toAuthor, seen)
		b.put("target author", &b.targetAuthors, map[string]any{"post": to, "author": a, "authorId": toAuthor,
			"authorHashed": !decimalID.MatchString(toAuthor)}, to, a)
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
	b.put("tweet", &b.tweets, map[string]any{"uid": uid, "author": author, "authorId": t.Author.ID,
		"authorHashed": t.Author.Hashed, "props": props}, uid, author)
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
		b.put("hashtag", &b.hashtags, map[string]any{"post": uid, "tag": h}, uid, h)
	}
	for _, u := range t.URLs {
		b.put("url", &b.urls, map[string]any{"post": uid, "url": u}, uid, u)
		if d := Domain(u); d != "" {
			b.put("url domain", &b.urlDomains, map[string]any{"url": u, "domain": d}, u)
		}
	}
	b.rows++
}

// steps orders the statements so every statement finds what an earlier one
// of the same transaction wrote. The statements that write tweets, link
// targets and URLs return those nodes' element ids, which the later
// statements use to find them without another index seek (and its lock).
// The ids are filled in again on every attempt of the batch.
func (b *batch) steps() []loaders.Step {
	var out []loaders.Step
	add := func(q string, rows []map[string]any, result func([]*neo4j.Record) error) {
		if len(rows) > 0 {
			out = append(out, loaders.Step{Query: q, Params: map[string]any{"rows": rows, "load": b.load, "dataset": b.dataset}, Result: result})
		}
	}
	add(accountsCypher, b.accounts, nil)
	add(stubsCypher, b.stubs, nil)
	add(tweetsCypher, b.tweets, func(recs []*neo4j.Record) error {
		return fillIDs(recs, "post", "t", b.retweets, b.replies, b.quotes, b.mentions, b.hashtags, b.urls)
	})
	// A target with an author is a retweet's or a reply's: target_authors
	// gets its element id from whichever of the two statements wrote it.
	targets := map[string]any{}
	refs := []struct {
		q    string
		rows []map[string]any
	}{{retweetsCypher, b.retweets}, {repliesCypher, b.replies}}
	var present []int
	for i, r := range refs {
		if len(r.rows) > 0 {
			present = append(present, i)
		}
	}
	for n, i := range present {
		first, last := n == 0, n == len(present)-1
		add(refs[i].q, refs[i].rows, func(recs []*neo4j.Record) error {
			if first {
				clear(targets)
			}
			for _, r := range recs {
				k, _ := r.Get("key")
				id, _ := r.Get("id")
				targets[fmt.Sprint(k)] = id
			}
			if !last || len(b.targetAuthors) == 0 {
				return nil
			}
			return fillFrom(targets, "post", "o", b.targetAuthors)
		})
	}
	add(quotesCypher, b.quotes, nil)
	add(targetAuthorsCypher, b.targetAuthors, nil)
	add(mentionsCypher, b.mentions, nil)
	add(hashtagsCypher, b.hashtags, nil)
	add(urlsCypher, b.urls, func(recs []*neo4j.Record) error {
		return fillIDs(recs, "url", "u", b.urlDomains)
	})
	add(urlDomainsCypher, b.urlDomains, nil)
	return out
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
