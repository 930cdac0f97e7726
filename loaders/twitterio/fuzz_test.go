package twitterio

import (
	"strconv"
	"strings"
	"testing"

	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/loadertest"
)

const (
	usersTestFile  = "testdata/hk_test_082019_1_users_csv_hashed.csv"
	tweetsTestFile = "testdata/hk_test_082019_1_tweets_csv_hashed.csv"
)

// FuzzUsersRow parses arbitrary users-file rows: an accepted one has a
// release id and keys Neo4j can index.
func FuzzUsersRow(f *testing.F) {
	loadertest.SeedFuzz(f, usersTestFile)
	f.Fuzz(func(t *testing.T, row string) {
		loadertest.Rows(strings.Join(UserColumns, ","), row, 16<<10, func(c *loaders.CSV) {
			u, rej := parseUser(c)
			if rej != nil {
				return
			}
			if checkID("userid", u.ID, true) != "" {
				t.Fatalf("accepted userid %q", u.ID)
			}
			loadertest.IndexableKeys(t, loaders.Key{Column: "userid", Value: accountUID(u.ID)}, loaders.Key{Column: "user_screen_name", Value: strings.ToLower(u.ScreenName)})
		})
	})
}

// FuzzTweetsRow parses arbitrary tweets-file rows: an accepted one has a
// decimal tweet id, a time in UTC whose millisecond time is the snowflake's
// only when they agree, and keys Neo4j can index.
func FuzzTweetsRow(f *testing.F) {
	loadertest.SeedFuzz(f, tweetsTestFile)
	f.Fuzz(func(t *testing.T, row string) {
		loadertest.Rows(strings.Join(TweetColumns, ","), row, 16<<10, func(c *loaders.CSV) {
			tw, rej := parseTweet(c)
			if rej != nil {
				return
			}
			if !isDecimalID(tw.ID) || tw.Time.Location().String() != "UTC" {
				t.Fatalf("accepted tweet %q at %v", tw.ID, tw.Time)
			}
			if d := tw.TimeMs - tw.Time.UnixMilli(); d < -60_000 || d >= 120_000 {
				t.Fatalf("tweet %s: millisecond time %d is %d ms from tweet_time", tw.ID, tw.TimeMs, d)
			}
			loadertest.IndexableKeys(t, tweetKeys(tw)...)
		})
	})
}

// FuzzSnowflakeAndTime checks the snowflake time of any id against the
// definition, and that the tweet_time layouts read any text without panic,
// in UTC.
func FuzzSnowflakeAndTime(f *testing.F) {
	for _, s := range [][2]string{{"1156867185038065664", "2019-08-01 10:00"}, {"20", "2019-07-02 04:31:00"},
		{"18446744073709551615", "2019-07-02T04:31:00Z"}, {"-1", "2019-13-45 99:99"}, {"", ""}, {"00000000000000000001", "0000-01-01 00:00"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, id, raw string) {
		ms, ok := SnowflakeMs(id)
		n, err := strconv.ParseUint(id, 10, 64)
		switch {
		case ok && (err != nil || ms != int64(n>>22)+twitterEpochMs):
			t.Fatalf("SnowflakeMs(%q) = %d, want (id >> 22) + epoch", id, ms)
		case !ok && err == nil && n>>22 >= 1000:
			t.Fatalf("SnowflakeMs(%q) refused a snowflake", id)
		}
		if tm, ok := parseTweetTime(raw); ok && tm.Location().String() != "UTC" {
			t.Fatalf("parseTweetTime(%q) = %v, not UTC", raw, tm)
		}
	})
}

// FuzzNormalise covers the text normalisation of tweets: list fields,
// release names and kinds from file names (internal/keys fuzzes handles,
// URLs and domains).
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"['a', 'b']", "[]", "[http://www.Example.com/x, https://t.co/y]", "http://[::1]:80/", "hxxp://bad",
		"china_082019_1_tweets_csv_hashed_part2.csv.gz", "x.zip:y_users_csv_unhashed.csv", "['', ' , ']", "[" + strings.Repeat("a, ", 100) + "]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if items, ok := parseList(s); ok {
			for _, it := range items {
				if it == "" {
					t.Fatalf("parseList(%q) has an empty item", s)
				}
			}
		}
		if ds, ok := DatasetFromFile(s); ok && ds == "" {
			t.Fatalf("DatasetFromFile(%q) is empty", s)
		}
		if k := kindFromName(s); k != "" && k != "users" && k != "tweets" {
			t.Fatalf("kindFromName(%q) = %q", s, k)
		}
	})
}
