package twitterio

import (
	_ "embed"
	"strings"

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
)

func accountUID(id string) string { return model.AccountUID(model.PlatformTwitter, id) }
func tweetUID(id string) string   { return model.AccountUID(model.PlatformTwitter, id) }

// batch accumulates one transaction's worth of rows as Cypher parameters.
// seen remembers, for the whole file, which accounts were already described
// or referenced, so an author repeated on a million rows is written once.
type batch struct {
	load, dataset string
	rows          int
	accounts      []map[string]any
	stubs         []map[string]any
	tweets        []map[string]any
	retweets      []map[string]any
	replies       []map[string]any
	quotes        []map[string]any
	mentions      []map[string]any
	hashtags      []map[string]any
	urls          []map[string]any
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
	b.accounts = append(b.accounts, map[string]any{"uid": uid, "props": userProps(u)})
}

func (b *batch) addStub(id string, seen *seenSet) string {
	uid := accountUID(id)
	if !seen.described[uid] && !seen.referenced[uid] {
		seen.referenced[uid] = true
		b.stubs = append(b.stubs, map[string]any{"uid": uid, "id": id, "hashed": !decimalID.MatchString(id)})
	}
	return uid
}

func (b *batch) mention(post, id string, seen *seenSet) map[string]any {
	return map[string]any{"post": post, "account": b.addStub(id, seen), "accountId": id, "accountHashed": !decimalID.MatchString(id)}
}

func refTarget(from, toID, toAuthor string) map[string]any {
	r := map[string]any{"from": from, "to": tweetUID(toID), "toId": toID, "toTimeMs": nil, "toAuthor": nil,
		"toAuthorId": nil, "toAuthorHashed": nil}
	if ms, ok := SnowflakeMs(toID); ok {
		r["toTimeMs"] = ms
	}
	if toAuthor != "" {
		r["toAuthor"], r["toAuthorId"], r["toAuthorHashed"] = accountUID(toAuthor), toAuthor, !decimalID.MatchString(toAuthor)
	}
	return r
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
	b.tweets = append(b.tweets, map[string]any{"uid": uid, "author": accountUID(t.Author.ID), "authorId": t.Author.ID,
		"authorHashed": t.Author.Hashed, "props": props})
	if t.RetweetTweet != "" {
		if t.RetweetUser != "" {
			b.addStub(t.RetweetUser, seen)
		}
		b.retweets = append(b.retweets, refTarget(uid, t.RetweetTweet, t.RetweetUser))
	}
	if t.InReplyToTweet != "" {
		if t.InReplyToUser != "" {
			b.addStub(t.InReplyToUser, seen)
		}
		b.replies = append(b.replies, refTarget(uid, t.InReplyToTweet, t.InReplyToUser))
	} else if t.InReplyToUser != "" {
		// a reply to an account whose tweet id the release withheld: the
		// engagement is still real, recorded as a mention-like link below
		b.mentions = append(b.mentions, b.mention(uid, t.InReplyToUser, seen))
	}
	if t.QuotedTweet != "" {
		b.quotes = append(b.quotes, refTarget(uid, t.QuotedTweet, ""))
	}
	for _, m := range dedupe(t.Mentions) {
		b.mentions = append(b.mentions, b.mention(uid, m, seen))
	}
	for _, h := range dedupe(lowerAll(t.Hashtags)) {
		b.hashtags = append(b.hashtags, map[string]any{"post": uid, "tag": h})
	}
	for _, u := range dedupe(t.URLs) {
		b.urls = append(b.urls, map[string]any{"post": uid, "url": u, "domain": Domain(u)})
	}
	b.rows++
}

// steps orders the statements so every MATCH finds what an earlier step of
// the same transaction MERGEd.
func (b *batch) steps() []loaders.Step {
	var out []loaders.Step
	add := func(q string, rows []map[string]any) {
		if len(rows) > 0 {
			out = append(out, loaders.Step{Query: q, Params: map[string]any{"rows": rows, "load": b.load, "dataset": b.dataset}})
		}
	}
	add(accountsCypher, b.accounts)
	add(stubsCypher, b.stubs)
	add(tweetsCypher, b.tweets)
	add(retweetsCypher, b.retweets)
	add(repliesCypher, b.replies)
	add(quotesCypher, b.quotes)
	add(mentionsCypher, b.mentions)
	add(hashtagsCypher, b.hashtags)
	add(urlsCypher, b.urls)
	return out
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

func dedupe(in []string) []string {
	if len(in) < 2 {
		return in
	}
	seen := make(map[string]bool, len(in))
	out := in[:0:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func lowerAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(s)
	}
	return out
}
