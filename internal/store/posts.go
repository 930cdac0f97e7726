package store

import (
	"context"
	_ "embed"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/model"
)

var (
	//go:embed account_posts.cypher
	accountPostsCypher string
	//go:embed account_hashtags.cypher
	accountHashtagsCypher string
)

// PostsPage is one page of an account's posts and their total.
type PostsPage struct {
	Posts []model.Post
	Total int
}

// PostsOf returns one page of posts of each account, newest first.
func (s *Store) PostsOf(ctx context.Context, uids []string, since, until *time.Time, skip, limit int) (map[string]PostsPage, error) {
	lo, hi := windowMs(since, until)
	out := make(map[string]PostsPage, len(uids))
	_, err := read(ctx, s, "posts of accounts", accountPostsCypher,
		map[string]any{"uids": uids, "sinceMs": lo, "untilMs": hi, "skip": skip, "limit": limit}, func(r *neo4j.Record) (struct{}, error) {
			m := r.AsMap()
			pg := PostsPage{Total: asInt(m["total"])}
			for _, x := range m["page"].([]any) {
				pg.Posts = append(pg.Posts, postFrom(x.(map[string]any)))
			}
			out[str(m["uid"])] = pg
			return struct{}{}, nil
		})
	return out, err
}

// HashtagsOf returns each account's most used hashtags.
func (s *Store) HashtagsOf(ctx context.Context, uids []string, limit int) (map[string][]model.TagCount, error) {
	out := make(map[string][]model.TagCount, len(uids))
	_, err := read(ctx, s, "hashtags of accounts", accountHashtagsCypher, map[string]any{"uids": uids, "limit": limit}, func(r *neo4j.Record) (struct{}, error) {
		m := r.AsMap()
		var tags []model.TagCount
		for _, x := range m["tags"].([]any) {
			t := x.(map[string]any)
			tags = append(tags, model.TagCount{Tag: str(t["tag"]), Posts: asInt(t["posts"])})
		}
		out[str(m["uid"])] = tags
		return struct{}{}, nil
	})
	return out, err
}

func postFrom(p map[string]any) model.Post {
	post := model.Post{ID: str(p["uid"]), NativeID: optStr(p["id"]), Text: optStr(p["text"]), Language: optStr(p["language"]),
		Client: optStr(p["client"]), Time: msTime(p["timeMs"]), Likes: optInt(p["likeCount"]), Retweets: optInt(p["retweetCount"]),
		Replies: optInt(p["replyCount"]), Quotes: optInt(p["quoteCount"])}
	if v, ok := p["isRetweet"].(bool); ok {
		post.IsRetweet = &v
	}
	pl := str(p["platform"])
	if pl == "" { // tweets of Twitter releases are keyed "twitter:<id>" and carry no platform property
		pl, _, _ = strings.Cut(post.ID, ":")
	}
	var x model.Platform
	if x.UnmarshalGQL(strings.ToUpper(pl)) == nil {
		post.Platform = &x
	}
	for _, h := range p["hashtags"].([]any) {
		post.Hashtags = append(post.Hashtags, str(h))
	}
	for _, u := range p["urls"].([]any) {
		post.URLs = append(post.URLs, str(u))
	}
	slices.Sort(post.Hashtags) // traversal order is not stable
	slices.Sort(post.URLs)
	return post
}
