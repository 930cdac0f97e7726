package twitterio

import (
	"context"
	"io"

	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
)

// Visitor receives the rows of one users or tweets file as the loader
// parses them, for readers that write elsewhere than a load (the bulk
// import's converter). Row is called for every row read, Reject for every
// row not accepted (the same rejects a load reports), User or Tweet for
// every accepted row of the file's kind.
type Visitor struct {
	Row    func()
	Reject func(*loaders.Reject) error
	User   func(User) error
	Tweet  func(Tweet) error
}

// Open checks the header of one users or tweets stream, as a load does
// before writing anything, and returns the function that reads its rows
// into v.
func Open(r io.Reader, label string) (func(ctx context.Context, v Visitor) error, error) {
	c, tweets, err := openCSV(r, label)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, v Visitor) error {
		return loaders.ScanRows(ctx, c, v.Row, func() (*loaders.Reject, error) {
			if tweets {
				t, rej := parseTweet(c)
				if rej != nil {
					return rej, nil
				}
				return nil, v.Tweet(t)
			}
			u, rej := parseUser(c)
			if rej != nil {
				return rej, nil
			}
			return nil, v.User(u)
		}, v.Reject)
	}, nil
}

// AccountUID is the uid of the Account node of a Twitter user id.
func AccountUID(id string) string { return accountUID(id) }

// TweetUID is the uid of the Post node of a tweet id.
func TweetUID(id string) string { return tweetUID(id) }

// Platform and AccountKind are what a stub account records (stubs.cypher).
const (
	Platform    = string(model.PlatformTwitter)
	AccountKind = string(model.KindAccount)
)
