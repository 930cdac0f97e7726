// Package twitterio loads Twitter's information-operations releases: the
// users and tweets files, as .csv, .csv.gz or .zip, split parts, hashed and
// unhashed.
package twitterio

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/loaders"
)

// UserColumns is the users file's header; every column is required.
var UserColumns = []string{"userid", "user_display_name", "user_screen_name", "user_reported_location",
	"user_profile_description", "user_profile_url", "follower_count", "following_count",
	"account_creation_date", "account_language"}

// TweetColumns is the tweets file's 31-column header; every column is required.
var TweetColumns = append(append([]string{"tweetid"}, UserColumns...),
	"tweet_language", "tweet_text", "tweet_time", "tweet_client_name", "in_reply_to_userid",
	"in_reply_to_tweetid", "quoted_tweet_tweetid", "is_retweet", "retweet_userid", "retweet_tweetid",
	"latitude", "longitude", "quote_count", "reply_count", "like_count", "retweet_count",
	"hashtags", "urls", "user_mentions", "poll_choices")

// User is one account row, from a users file or the user columns a tweets
// file repeats on every row.
type User struct {
	ID          string
	Name        string
	ScreenName  string
	Location    string
	Description string
	ProfileURL  string
	Followers   *int64
	Following   *int64
	CreatedAt   *time.Time // a date
	Language    string     // lower-cased: releases mix zh-cn and zh-CN
	Hashed      bool
}

// Tweet is one tweets-file row.
type Tweet struct {
	ID     string
	Author User
	// Time is tweet_time (minute resolution); TimeMs is the snowflake's
	// millisecond time when the id is a snowflake, else Time in ms. Latency and
	// coordination windows of seconds need TimeMs.
	Time           time.Time
	TimeMs         int64
	Language       string
	Text           string
	Client         string
	InReplyToUser  string
	InReplyToTweet string
	QuotedTweet    string
	IsRetweet      bool
	RetweetUser    string
	RetweetTweet   string
	Latitude       string
	Longitude      string
	QuoteCount     *int64
	ReplyCount     *int64
	LikeCount      *int64
	RetweetCount   *int64
	Hashtags       []string
	URLs           []string
	Mentions       []string
	PollChoices    string
}

// twitterEpochMs is the snowflake epoch (2010-11-04T01:42:54.657Z).
const twitterEpochMs = 1288834974657

// SnowflakeMs is the creation time encoded in a tweet id, or false when the
// id predates snowflakes (tweets before November 2010 have sequential ids).
func SnowflakeMs(id string) (int64, bool) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return 0, false
	}
	ts := int64(n>>22) + twitterEpochMs
	if n>>22 < 1000 {
		return 0, false
	}
	return ts, true
}

var (
	sciNum = regexp.MustCompile(`^[0-9.]+[eE][+-]?[0-9]+$`)
)

// isHashID tells a release's hashed user id, what the expression
// ^[A-Za-z0-9+/]{8,}={0,2}$ matches (TestIsHashIDMatchesItsExpression and FuzzIsHashID hold it to that): every
// hashed author of every row is checked, and the expression was a tenth
// of the parse.
func isHashID(v string) bool {
	n := 0
	for n < len(v) {
		c := v[n]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			break
		}
		n++
	}
	if n < 8 {
		return false
	}
	pad := len(v) - n
	return pad <= 2 && strings.Count(v[n:], "=") == pad
}

// isDecimalID tells an exact decimal id (1 to 20 digits). Every id of every
// row is checked, so it is a loop rather than a regular expression.
func isDecimalID(v string) bool {
	if len(v) == 0 || len(v) > 20 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// checkID validates a tweet or user id; ids must be exact decimal strings
// (or, for users, release hashes). Spreadsheets turn 64-bit ids into
// 9.06E+17, which cannot be repaired.
func checkID(col, v string, hashOK bool) string {
	switch {
	case isDecimalID(v):
		return ""
	case hashOK && isHashID(v):
		return ""
	case sciNum.MatchString(v) || strings.Contains(v, "."):
		return fmt.Sprintf("%s %q is a rounded number (scientific notation or decimals): the exact id was lost", col, v)
	case v == "":
		return col + " is empty"
	}
	return fmt.Sprintf("%s %q is not a decimal id", col, v)
}

// parseCount reads counts that releases write as "", "3" or "3.0".
func parseCount(v string) (*int64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return &n, true
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f != float64(int64(f)) {
		return nil, false
	}
	n := int64(f)
	return &n, true
}

// parseList reads list fields written as [], [a, b] or ['a', 'b'].
func parseList(v string) ([]string, bool) {
	v = strings.TrimSpace(v)
	if v == "" || v == "[]" {
		return nil, true
	}
	if !strings.HasPrefix(v, "[") || !strings.HasSuffix(v, "]") {
		return nil, false
	}
	inner := v[1 : len(v)-1]
	var out []string
	for _, part := range strings.Split(inner, ", ") {
		part = strings.TrimSpace(part)
		if len(part) >= 2 && (part[0] == '\'' || part[0] == '"') && part[len(part)-1] == part[0] {
			part = part[1 : len(part)-1]
		}
		if part != "" {
			out = append(out, part)
		}
	}
	return out, true
}

func isHashed(id, screenName string) bool {
	return !isDecimalID(id) && strings.HasSuffix(id, "=") && id == screenName
}

// parseUser reads the user columns of the current row of c.
func parseUser(c *loaders.CSV) (User, *loaders.Reject) {
	u := User{
		ID:          strings.TrimSpace(c.Get("userid")),
		Name:        c.Get("user_display_name"),
		ScreenName:  strings.TrimSpace(c.Get("user_screen_name")),
		Location:    c.Get("user_reported_location"),
		Description: c.Get("user_profile_description"),
		ProfileURL:  strings.TrimSpace(c.Get("user_profile_url")),
		Language:    strings.ToLower(strings.TrimSpace(c.Get("account_language"))),
	}
	if msg := checkID("userid", u.ID, true); msg != "" {
		return u, c.Reject("userid", msg, u.ID)
	}
	var ok bool
	if u.Followers, ok = parseCount(c.Get("follower_count")); !ok {
		return u, c.Reject("follower_count", "not a count", c.Get("follower_count"))
	}
	if u.Following, ok = parseCount(c.Get("following_count")); !ok {
		return u, c.Reject("following_count", "not a count", c.Get("following_count"))
	}
	if d := strings.TrimSpace(c.Get("account_creation_date")); d != "" {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return u, c.Reject("account_creation_date", "not a date like 2017-08-30", d)
		}
		u.CreatedAt = &t
	}
	u.Hashed = isHashed(u.ID, u.ScreenName)
	if rej := c.CheckKeys(loaders.Key{Column: "userid", Value: accountUID(u.ID)},
		loaders.Key{Column: "user_screen_name", Value: keys.Handle(u.ScreenName)},
		loaders.Key{Column: "user_screen_name", Value: handleKey(u.ScreenName)}); rej != nil {
		return u, rej
	}
	return u, nil
}

var tweetTimeLayouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z"}

// parseTweetTime reads tweet_time in any layout releases use.
func parseTweetTime(raw string) (time.Time, bool) {
	for _, layout := range tweetTimeLayouts {
		if t, err := time.Parse(layout, raw); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseTweet reads the current row of c as a tweet.
func parseTweet(c *loaders.CSV) (Tweet, *loaders.Reject) {
	t := Tweet{ID: strings.TrimSpace(c.Get("tweetid"))}
	if msg := checkID("tweetid", t.ID, false); msg != "" {
		return t, c.Reject("tweetid", msg, t.ID)
	}
	var rej *loaders.Reject
	if t.Author, rej = parseUser(c); rej != nil {
		return t, rej
	}
	raw := strings.TrimSpace(c.Get("tweet_time"))
	var ok bool
	if t.Time, ok = parseTweetTime(raw); !ok {
		return t, c.Reject("tweet_time", "not a UTC time like 2019-07-02 04:31", raw)
	}
	t.TimeMs = t.Time.UnixMilli()
	// Use the id's millisecond time when it agrees with tweet_time (it is
	// the same instant, just precise); never trust it when it does not.
	if ms, ok := SnowflakeMs(t.ID); ok && ms >= t.TimeMs-60_000 && ms < t.TimeMs+120_000 {
		t.TimeMs = ms
	}
	switch v := strings.TrimSpace(c.Get("is_retweet")); strings.ToLower(v) {
	case "true":
		t.IsRetweet = true
	case "false", "":
	default:
		return t, c.Reject("is_retweet", "not True or False", v)
	}
	for _, ref := range []struct {
		col  string
		dst  *string
		hash bool
	}{
		{"in_reply_to_userid", &t.InReplyToUser, true},
		{"in_reply_to_tweetid", &t.InReplyToTweet, false},
		{"quoted_tweet_tweetid", &t.QuotedTweet, false},
		{"retweet_userid", &t.RetweetUser, true},
		{"retweet_tweetid", &t.RetweetTweet, false},
	} {
		v := strings.TrimSpace(c.Get(ref.col))
		if v == "" {
			continue
		}
		if msg := checkID(ref.col, v, ref.hash); msg != "" {
			return t, c.Reject(ref.col, msg, v)
		}
		*ref.dst = v
	}
	for _, cnt := range []struct {
		col string
		dst **int64
	}{
		{"quote_count", &t.QuoteCount}, {"reply_count", &t.ReplyCount},
		{"like_count", &t.LikeCount}, {"retweet_count", &t.RetweetCount},
	} {
		v, ok := parseCount(c.Get(cnt.col))
		if !ok {
			return t, c.Reject(cnt.col, "not a count", c.Get(cnt.col))
		}
		*cnt.dst = v
	}
	for _, l := range []struct {
		col string
		dst *[]string
	}{
		{"hashtags", &t.Hashtags}, {"urls", &t.URLs}, {"user_mentions", &t.Mentions},
	} {
		v, ok := parseList(c.Get(l.col))
		if !ok {
			return t, c.Reject(l.col, "not a list like [] or ['a', 'b']", c.Get(l.col))
		}
		*l.dst = v
	}
	for i, u := range t.URLs {
		t.URLs[i] = keys.URL(u)
	}
	for _, m := range t.Mentions {
		if msg := checkID("user_mentions", m, true); msg != "" {
			return t, c.Reject("user_mentions", msg, m)
		}
	}
	t.Language = strings.ToLower(strings.TrimSpace(c.Get("tweet_language")))
	t.Text = c.Get("tweet_text")
	t.Client = strings.TrimSpace(c.Get("tweet_client_name"))
	t.Latitude = strings.TrimSpace(c.Get("latitude"))
	t.Longitude = strings.TrimSpace(c.Get("longitude"))
	t.PollChoices = c.Get("poll_choices")
	if rej := c.CheckKeys(tweetKeys(t)...); rej != nil {
		return t, rej
	}
	return t, nil
}

// tweetKeys lists what a tweet row writes to indexed properties, as it
// writes them (see write.go): the ids of the tweets and accounts it names,
// its hashtags lower-cased, its URLs and their domains, and its client.
func tweetKeys(t Tweet) []loaders.Key {
	ks := []loaders.Key{{Column: "tweetid", Value: tweetUID(t.ID)}, {Column: "tweet_client_name", Value: t.Client}}
	for _, ref := range []struct{ col, uid string }{
		{"in_reply_to_userid", accountUID(t.InReplyToUser)}, {"retweet_userid", accountUID(t.RetweetUser)},
		{"in_reply_to_tweetid", tweetUID(t.InReplyToTweet)}, {"quoted_tweet_tweetid", tweetUID(t.QuotedTweet)},
		{"retweet_tweetid", tweetUID(t.RetweetTweet)},
	} {
		ks = append(ks, loaders.Key{Column: ref.col, Value: ref.uid})
	}
	for _, m := range t.Mentions {
		ks = append(ks, loaders.Key{Column: "user_mentions", Value: accountUID(m)})
	}
	for _, h := range t.Hashtags {
		ks = append(ks, loaders.Key{Column: "hashtags", Value: strings.ToLower(h)})
	}
	for _, u := range t.URLs {
		ks = append(ks, loaders.Key{Column: "urls", Value: u}, loaders.Key{Column: "urls", Value: keys.DomainOf(u)})
	}
	return ks
}

// fileName matches release file names such as
// china_082019_1_tweets_csv_hashed_part2.csv.gz.
var fileName = regexp.MustCompile(`^(.+?)_(users|tweets)_csv_(hashed|unhashed)(?:_part_?\d+|_\d+)?(?:\.csv)?(?:\.gz|\.zip)?$`)

// releaseMonth matches the _MMYYYY_ of a release name.
var releaseMonth = regexp.MustCompile(`_(0[1-9]|1[0-2])((?:19|20)\d\d)(?:_|$)`)

// ReleaseMonth is the month a release's name gives, as YYYY-MM
// ("china_082019_1" is 2019-08: Twitter names a release after the month it
// published it, so its screen names are as of then), or "" when the name
// gives none.
func ReleaseMonth(dataset string) string {
	m := releaseMonth.FindAllStringSubmatch(dataset, -1)
	if m == nil {
		return ""
	}
	last := m[len(m)-1]
	return last[2] + "-" + last[1]
}

// DatasetFromFile returns the release name a file belongs to.
func DatasetFromFile(base string) (string, bool) {
	base = strings.TrimSuffix(base, ".csv")
	m := fileName.FindStringSubmatch(base)
	if m == nil {
		m = fileName.FindStringSubmatch(strings.TrimSuffix(strings.TrimSuffix(base, ".gz"), ".zip"))
	}
	if m == nil {
		return "", false
	}
	return m[1], true
}
