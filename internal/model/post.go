package model

import "time"

// Post is a tweet or any other post or share.
type Post struct {
	ID        string
	Platform  *Platform
	NativeID  *string
	Text      *string
	Language  *string
	Client    *string
	Time      *time.Time
	IsRetweet *bool
	Likes     *int
	Retweets  *int
	Replies   *int
	Quotes    *int
	Hashtags  []string
	URLs      []string
}

// PostConnection is a page of posts.
type PostConnection struct {
	Edges      []PostEdge
	PageInfo   PageInfo
	TotalCount int
}

// PostEdge is one post of a page.
type PostEdge struct {
	Cursor string
	Node   Post
}

// TagCount is how often an account used a hashtag.
type TagCount struct {
	Tag   string
	Posts int
}
