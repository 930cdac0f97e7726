package twitterio_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/twitterio"
)

func rejects(t *testing.T) *loaders.Rejects {
	r, err := loaders.NewRejects("")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// craft writes a tweets file of the crafted release with the last data row
// replaced by bad, so each case has good rows around one bad row.
func craft(t *testing.T, name string, mutate func(header string, rows []string) string) string {
	t.Helper()
	raw, err := os.ReadFile(tweetsFile)
	if err != nil {
		t.Fatal(err)
	}
	// Rows of the crafted file are single lines from the A3 retweet on (the
	// first rows carry newlines inside quotes), so mutate the last line.
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	header := lines[0]
	body := mutate(header, lines[1:])
	p := filepath.Join(t.TempDir(), name+"_tweets_csv_hashed.csv")
	if err := os.WriteFile(p, []byte(header+"\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func replaceField(line string, i int, v string) string {
	f := strings.Split(line, ",")
	f[i] = v
	return strings.Join(f, ",")
}

func TestEveryRejectReasonNamesFileLineAndField(t *testing.T) {
	st := neo4jtest.Fresh(t)
	col := map[string]int{}
	for i, c := range strings.Split("tweetid,userid,user_display_name,user_screen_name,user_reported_location,user_profile_description,user_profile_url,follower_count,following_count,account_creation_date,account_language,tweet_language,tweet_text,tweet_time,tweet_client_name,in_reply_to_userid,in_reply_to_tweetid,quoted_tweet_tweetid,is_retweet,retweet_userid,retweet_tweetid,latitude,longitude,quote_count,reply_count,like_count,retweet_count,hashtags,urls,user_mentions,poll_choices", ",") {
		col[c] = i
	}
	const lastLine = 11 // the file's last row (rows 1 and 2 span two lines each)
	for _, tc := range []struct {
		name   string
		bad    func(last string) string
		column string
		reason string
		line   int
	}{
		{"wrong field count", func(l string) string { return l[:strings.LastIndex(l, ",")] }, "", "wrong field count", lastLine},
		{"id in scientific notation", func(l string) string { return replaceField(l, col["tweetid"], "9.06E+17") }, "tweetid", "rounded number", lastLine},
		{"bad tweet time", func(l string) string { return replaceField(l, col["tweet_time"], "2019-13-45 99:99") }, "tweet_time", "not a UTC time", lastLine},
		{"bad creation date", func(l string) string { return replaceField(l, col["account_creation_date"], "31/07/2019") }, "account_creation_date", "not a date", lastLine},
		{"bad is_retweet", func(l string) string { return replaceField(l, col["is_retweet"], "maybe") }, "is_retweet", "not True or False", lastLine},
		{"bad count", func(l string) string { return replaceField(l, col["like_count"], "lots") }, "like_count", "not a count", lastLine},
		{"bad list", func(l string) string { return replaceField(l, col["hashtags"], "HK") }, "hashtags", "not a list", lastLine},
		{"bad retweet id", func(l string) string { return replaceField(l, col["retweet_tweetid"], "1.15E+18") }, "retweet_tweetid", "rounded number", lastLine},
		{"invalid UTF-8", func(l string) string { return replaceField(l, col["tweet_text"], "bad \xff\xfe bytes") }, "tweet_text", "invalid UTF-8", lastLine},
		{"stray quote", func(l string) string { return replaceField(l, col["tweet_text"], `say "hi" twice`) }, "byte", "malformed quoting", lastLine},
		{"unterminated quote", func(l string) string { return replaceField(l, col["tweet_text"], `"never closed`) }, "", "malformed quoting", lastLine},
		{"hashtag too large to index", func(l string) string { return replaceField(l, col["hashtags"], "['"+strings.Repeat("h", 9000)+"']") }, "hashtags", loaders.CodeTooLarge, lastLine},
		{"url too large to index", func(l string) string {
			return replaceField(l, col["urls"], "[https://x.example/"+strings.Repeat("u", 9000)+"]")
		}, "urls", loaders.CodeTooLarge, lastLine},
		{"client too large to index", func(l string) string { return replaceField(l, col["tweet_client_name"], strings.Repeat("c", 9000)) }, "tweet_client_name", loaders.CodeTooLarge, lastLine},
		{"NUL in the text", func(l string) string { return replaceField(l, col["tweet_text"], "a\x00b") }, "tweet_text", loaders.CodeControl, lastLine},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := craft(t, "hk_bad_"+strings.ReplaceAll(tc.name, " ", "_"), func(_ string, rows []string) string {
				rows[len(rows)-1] = tc.bad(rows[len(rows)-1])
				return strings.Join(rows, "\n") + "\n"
			})
			sum, rej, err := load(t, st, loaders.Options{BatchSize: 3}, path)
			if err != nil {
				t.Fatal(err)
			}
			if rej.Count() != 1 {
				t.Fatalf("%d rejects %v, want 1", rej.Count(), rej.First())
			}
			r := rej.First()[0]
			if r.File != path || r.Line != tc.line || !strings.HasPrefix(r.Column, tc.column) || !strings.Contains(r.Reason, tc.reason) {
				t.Fatalf("reject %+v; want %s line %d field %q reason %q", r, path, tc.line, tc.column, tc.reason)
			}
			// The good rows around it are loaded; the bad one is not.
			if got := sum.Files[0].Accepted.Load(); got != 7 {
				t.Errorf("%d rows accepted, want the 7 good ones", got)
			}
		})
	}
}

func TestWrongHeaderIsRefusedBeforeAnythingIsWritten(t *testing.T) {
	st := neo4jtest.Fresh(t)
	tweetsHeader := strings.Join(twitterio.TweetColumns, ",")
	for _, tc := range []struct{ name, file, header, missing string }{
		{"not a release file", "x_users_csv_hashed.csv", "a,b,c\n1,2,3\n", "userid"},
		{"tweets file missing columns", "x_tweets_csv_hashed.csv", "tweetid,userid,tweet_text\n1,2,x\n", "tweet_time"},
		{"users file missing columns", "x_users_csv_hashed.csv", "userid,user_screen_name\n1,x\n", "follower_count"},
		{"empty file", "x_users_csv_hashed.csv", "", "userid"},
		// A tweets header that names tweetid tweet_id has every users
		// column: it must not load as a users file, named or not.
		{"tweets file with tweet_id", "x_tweets_csv_hashed.csv", strings.Replace(tweetsHeader, "tweetid", "tweet_id", 1) + "\n", "tweetid"},
		{"unnamed file with tweet_id", "export.csv", strings.Replace(tweetsHeader, "tweetid", "tweet_id", 1) + "\n", "tweetid"},
		{"tweets header in a users file", "x_users_csv_hashed.csv", tweetsHeader + "\n", "another format tweetid"},
		{"users header in a tweets file", "x_tweets_csv_hashed_part1.csv", strings.Join(twitterio.UserColumns, ",") + "\n", "tweetid, tweet_language"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(p, []byte(tc.header), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := twitterio.Load(context.Background(), target(t), []string{p}, "x", loaders.Options{}, rejects(t))
			var he *loaders.HeaderError
			if !errors.As(err, &he) || !strings.Contains(err.Error(), p+" line 1") || !strings.Contains(err.Error(), tc.missing) || !strings.Contains(err.Error(), "expected columns") {
				t.Fatalf("err = %v; want a header error naming %s, line 1, the missing %s and the expected columns", err, p, tc.missing)
			}
			if n := query[int64](t, st, `MATCH (n) RETURN count(n) AS n`, nil, "n"); n[0] != 0 {
				t.Fatalf("a refused file left %d nodes", n[0])
			}
		})
	}
}
