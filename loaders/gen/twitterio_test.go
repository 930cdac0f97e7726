package gen

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func generate(t testing.TB, o Options) Summary {
	t.Helper()
	if o.OutDir == "" {
		o.OutDir = t.TempDir()
	}
	sum, err := TwitterIO(context.Background(), o)
	if err != nil {
		t.Fatalf("TwitterIO(%+v): %v", o, err)
	}
	return sum
}

// readCSV parses a whole file with encoding/csv, requiring the exact header
// and the header's field count on every row.
func readCSV(t *testing.T, path string, header []string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(header)
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], header) {
		t.Fatalf("%s: header = %q, want %q", filepath.Base(path), rows[0], header)
	}
	return rows[1:]
}

func col(header []string, name string) int {
	i := slices.Index(header, name)
	if i < 0 {
		panic("no column " + name)
	}
	return i
}

type release struct {
	users   map[string][]string // userid -> users row
	tweets  [][]string
	byID    map[string][]string // tweetid -> row
	planted [][]string
}

func readRelease(t *testing.T, sum Summary) release {
	t.Helper()
	rel := release{users: map[string][]string{}, byID: map[string][]string{}}
	for _, u := range readCSV(t, sum.UsersFile, UserColumns) {
		if _, dup := rel.users[u[uID]]; dup {
			t.Fatalf("duplicate userid %s", u[uID])
		}
		rel.users[u[uID]] = u
	}
	rel.tweets = readCSV(t, sum.TweetsFile, TweetColumns)
	for _, tw := range rel.tweets {
		if _, dup := rel.byID[tw[tID]]; dup {
			t.Fatalf("duplicate tweetid %s", tw[tID])
		}
		rel.byID[tw[tID]] = tw
	}
	rel.planted = readCSV(t, sum.PlantedFile, PlantedColumns)
	return rel
}

func idMs(t *testing.T, id string) int64 {
	t.Helper()
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		t.Fatalf("id %q is not decimal: %v", id, err)
	}
	return SnowflakeMs(n)
}

var (
	base64Hash = regexp.MustCompile(`^[A-Za-z0-9+/]{40,43}=$`)
	decimal    = regexp.MustCompile(`^[1-9][0-9]*$`)
	listField  = regexp.MustCompile(`^\[(|'[^',]+'(, '[^',]+')*|[^',\[\]]+(, [^',\[\]]+)*)\]$`)
	countField = regexp.MustCompile(`^(|[0-9]+|[0-9]+\.0)$`)
)

func TestTwitterIOMatchesTheReleaseFormat(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opts      Options
		usersFile string
	}{
		{"defaults with groups", Options{Tweets: 6000, Accounts: 300, Groups: 3, GroupSize: 6, Seed: 1},
			"synthetic_082019_1_users_csv_hashed.csv"},
		{"no groups, one seed", Options{Tweets: 3000, Accounts: 40, Seeds: 1, Seed: 2},
			"synthetic_082019_1_users_csv_hashed.csv"},
		{"full release name", Options{Tweets: 2000, Accounts: 80, Groups: 1, GroupSize: 2, Seed: 3, Campaign: "synthetic_hk_082019_2"},
			"synthetic_hk_082019_2_users_csv_hashed.csv"},
		{"other period", Options{Tweets: 4000, Accounts: 120, Seed: 4, Campaign: "iran",
			Start: time.Date(2020, 11, 15, 0, 0, 0, 0, time.UTC), Span: 10 * 24 * time.Hour},
			"iran_112020_1_users_csv_hashed.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum := generate(t, tc.opts)
			if got := filepath.Base(sum.UsersFile); got != tc.usersFile {
				t.Errorf("users file = %s, want %s", got, tc.usersFile)
			}
			if got, want := filepath.Base(sum.TweetsFile), strings.Replace(tc.usersFile, "_users_", "_tweets_", 1); got != want {
				t.Errorf("tweets file = %s, want %s", got, want)
			}
			rel := readRelease(t, sum)
			checkUsers(t, rel)
			checkTweets(t, rel, sum, tc.opts)
			if readme, err := os.ReadFile(sum.ReadmeFile); err != nil || !bytes.Contains(readme, []byte("SYNTHETIC DATA")) {
				t.Errorf("SYNTHETIC.md missing or unmarked: %v", err)
			}
		})
	}
}

func checkUsers(t *testing.T, rel release) {
	t.Helper()
	for id, u := range rel.users {
		followers, err := strconv.Atoi(u[uFollowers])
		if err != nil {
			t.Fatalf("user %s: follower_count %q", id, u[uFollowers])
		}
		if _, err := time.Parse("2006-01-02", u[uCreated]); err != nil {
			t.Fatalf("user %s: account_creation_date %q", id, u[uCreated])
		}
		if followers < 5000 {
			if !base64Hash.MatchString(id) || u[uName] != id || u[uScreen] != id {
				t.Fatalf("user with %d followers is not hashed as the releases do: %q", followers, u[:3])
			}
		} else if !decimal.MatchString(id) || u[uScreen] == id || strings.HasSuffix(u[uScreen], "=") {
			t.Fatalf("user with %d followers should keep a numeric id and a handle: %q", followers, u[:3])
		}
	}
}

func checkTweets(t *testing.T, rel release, sum Summary, o Options) {
	t.Helper()
	var retweets, replies, quotes, external int64
	accountFirst := map[string]int64{}
	for _, tw := range rel.tweets {
		id := tw[tID]
		ms := idMs(t, id)
		tt, err := time.Parse("2006-01-02 15:04", tw[tTime])
		if err != nil {
			t.Fatalf("tweet %s: tweet_time %q: %v", id, tw[tTime], err)
		}
		if d := ms - tt.UnixMilli(); d < 0 || d >= 60_000 {
			t.Fatalf("tweet %s: snowflake time %s does not fall in tweet_time minute %s",
				id, time.UnixMilli(ms).UTC().Format(time.RFC3339Nano), tw[tTime])
		}
		u, ok := rel.users[tw[1+uID]]
		if !ok {
			t.Fatalf("tweet %s: userid %s is not in the users file", id, tw[1+uID])
		}
		if !slices.Equal(u, tw[1:1+nUserCols]) {
			t.Fatalf("tweet %s: user columns %q differ from the users file %q", id, tw[1:1+nUserCols], u)
		}
		if first, ok := accountFirst[u[uID]]; !ok || ms < first {
			accountFirst[u[uID]] = ms
		}
		for _, c := range []int{tQuoteCount, tReplyCount, tLikeCount, tRetweetCount} {
			if !countField.MatchString(tw[c]) {
				t.Fatalf("tweet %s: %s = %q", id, TweetColumns[c], tw[c])
			}
		}
		for _, c := range []int{tHashtags, tURLs, tMentions} {
			if !listField.MatchString(tw[c]) {
				t.Fatalf("tweet %s: %s = %q is not a list", id, TweetColumns[c], tw[c])
			}
		}
		if tw[tLat] != "absent" && tw[tLat] != "present" {
			t.Fatalf("tweet %s: latitude %q", id, tw[tLat])
		}
		// every reference points back in time, and into the file when
		// its author is in the release
		ref := func(kind, user, tweet string) {
			if tweet == "" {
				t.Fatalf("tweet %s: %s without a tweet id", id, kind)
			}
			if om := idMs(t, tweet); om >= ms {
				t.Fatalf("tweet %s (%d): %s of %s (%d) is not earlier", id, ms, kind, tweet, om)
			}
			if _, in := rel.users[user]; in {
				orig, ok := rel.byID[tweet]
				if !ok {
					t.Fatalf("tweet %s: %s of %s by release account %s, which is not in the file", id, kind, tweet, user)
				}
				if orig[1+uID] != user {
					t.Fatalf("tweet %s: %s names user %s, but %s is by %s", id, kind, user, tweet, orig[1+uID])
				}
			} else if kind == "retweet" {
				external++
			}
		}
		switch tw[tIsRetweet] {
		case "True":
			retweets++
			ref("retweet", tw[tRetweetUser], tw[tRetweetTweet])
			if !strings.HasPrefix(tw[tText], "RT @") {
				t.Fatalf("tweet %s: retweet text %q", id, tw[tText])
			}
		case "False":
			if tw[tRetweetUser] != "" || tw[tRetweetTweet] != "" {
				t.Fatalf("tweet %s: not a retweet but has retweet columns", id)
			}
			switch {
			case tw[tReplyTweet] != "":
				replies++
				ref("reply", tw[tReplyUser], tw[tReplyTweet])
			case tw[tQuoted] != "":
				quotes++
				q := rel.byID[tw[tQuoted]]
				if q == nil {
					// quotes of outside tweets are allowed; their time must still be earlier
					if idMs(t, tw[tQuoted]) >= ms {
						t.Fatalf("tweet %s quotes a later tweet", id)
					}
				} else {
					ref("quote", q[1+uID], tw[tQuoted])
				}
			}
		default:
			t.Fatalf("tweet %s: is_retweet = %q", id, tw[tIsRetweet])
		}
	}
	for uid, first := range accountFirst {
		created, _ := time.Parse("2006-01-02", rel.users[uid][uCreated])
		if created.UnixMilli() >= first {
			t.Fatalf("account %s tweets at %d before its creation %s", uid, first, rel.users[uid][uCreated])
		}
	}
	if int64(len(rel.tweets)) != o.Tweets || sum.Tweets != o.Tweets || len(rel.users) != o.Accounts || sum.Users != o.Accounts {
		t.Errorf("wrote %d tweets, %d users (summary %d, %d); want %d, %d", len(rel.tweets), len(rel.users), sum.Tweets, sum.Users, o.Tweets, o.Accounts)
	}
	if sum.Retweets != retweets || sum.Replies != replies || sum.Quotes != quotes || sum.ExternalRetweets != external ||
		sum.Originals != o.Tweets-retweets-replies-quotes {
		t.Errorf("summary %+v disagrees with the file: %d retweets (%d external), %d replies, %d quotes", sum, retweets, external, replies, quotes)
	}
	if retweets == 0 || replies == 0 || quotes == 0 || external == 0 || sum.Originals == 0 {
		t.Errorf("release lacks a kind of tweet: %+v", sum)
	}
}

func TestTwitterIOIsDeterministic(t *testing.T) {
	o := Options{Tweets: 5000, Accounts: 200, Groups: 2, GroupSize: 5, Seed: 42}
	files := func(s Summary) []string { return []string{s.UsersFile, s.TweetsFile, s.PlantedFile, s.ReadmeFile} }
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := generate(t, o), generate(t, o)
	for i, p := range files(a) {
		if !bytes.Equal(read(p), read(files(b)[i])) {
			t.Errorf("%s differs between two runs with the same seed", filepath.Base(p))
		}
	}
	o.Seed = 43
	c := generate(t, o)
	for i, p := range files(a)[:3] {
		if bytes.Equal(read(p), read(files(c)[i])) {
			t.Errorf("%s is the same for seeds 42 and 43", filepath.Base(p))
		}
	}
	// The users file depends on the accounts, not on how many tweets follow.
	o.Seed, o.Tweets = 42, 9000
	d := generate(t, o)
	if !bytes.Equal(read(a.UsersFile), read(d.UsersFile)) {
		t.Error("users file changed with --tweets")
	}
}

// share is one account acting on an object at a time.
type share struct {
	ms   int64
	user string
}

// coPairs counts, per pair of accounts, the objects both shared within
// CoordinationWindow of each other: the CooRTweet definition.
func coPairs(objects map[string][]share) map[[2]string]int {
	pairs := map[[2]string]int{}
	w := CoordinationWindow.Milliseconds()
	for _, s := range objects {
		sort.Slice(s, func(i, j int) bool { return s[i].ms < s[j].ms })
		seen := map[[2]string]bool{}
		for i := range s {
			for j := i + 1; j < len(s) && s[j].ms-s[i].ms <= w; j++ {
				if s[i].user == s[j].user {
					continue
				}
				k := [2]string{min(s[i].user, s[j].user), max(s[i].user, s[j].user)}
				if !seen[k] {
					seen[k] = true
					pairs[k]++
				}
			}
		}
	}
	return pairs
}

func TestPlantedGroupsAreCoordinated(t *testing.T) {
	o := Options{Tweets: 60_000, Accounts: 1500, Groups: 4, GroupSize: 8, Seed: 7}
	sum := generate(t, o)
	rel := readRelease(t, sum)
	if sum.PlantedMembers != o.Groups*o.GroupSize {
		t.Fatalf("planted %d members, want %d", sum.PlantedMembers, o.Groups*o.GroupSize)
	}
	group := map[string]string{}
	signals := map[string]map[string]bool{}
	for _, p := range rel.planted {
		if _, ok := rel.users[p[1]]; !ok {
			t.Fatalf("planted member %s is not in the users file", p[1])
		}
		group[p[1]] = p[0]
		if signals[p[2]] == nil {
			signals[p[2]] = map[string]bool{}
		}
		signals[p[2]][p[1]] = true
	}
	for _, s := range []string{SignalCreationBatch, SignalCoRetweet, SignalCoURL, SignalCoHashtag} {
		if len(signals[s]) != sum.PlantedMembers {
			t.Errorf("signal %s lists %d members, want all %d", s, len(signals[s]), sum.PlantedMembers)
		}
	}
	// creation batches: one day per group, used by no one else
	dayOf := map[string]string{}
	for id, u := range rel.users {
		if g, ok := group[id]; ok {
			if d, seen := dayOf[g]; seen && d != u[uCreated] {
				t.Fatalf("group %s created on %s and %s", g, d, u[uCreated])
			}
			dayOf[g] = u[uCreated]
		}
	}
	for id, u := range rel.users {
		for g, d := range dayOf {
			if group[id] != g && u[uCreated] == d {
				t.Errorf("account %s outside group %s shares its creation day %s", id, g, d)
			}
		}
	}

	retweets, urls, tags := map[string][]share{}, map[string][]share{}, map[string][]share{}
	clients := map[string]map[string]bool{}
	for _, tw := range rel.tweets {
		s := share{idMs(t, tw[tID]), tw[1+uID]}
		if g, ok := group[s.user]; ok {
			if clients[g] == nil {
				clients[g] = map[string]bool{}
			}
			clients[g][tw[tClient]] = true
		}
		if tw[tIsRetweet] == "True" {
			retweets[tw[tRetweetTweet]] = append(retweets[tw[tRetweetTweet]], s)
			continue
		}
		for _, u := range parseList(tw[tURLs]) {
			urls[u] = append(urls[u], s)
		}
		for _, h := range parseList(tw[tHashtags]) {
			tags[h] = append(tags[h], s)
		}
	}
	for g, c := range clients {
		if len(c) != 1 {
			t.Errorf("group %s tweets from %d clients, want one", g, len(c))
		}
	}
	for _, sig := range []struct {
		name    string
		objects map[string][]share
	}{{SignalCoRetweet, retweets}, {SignalCoURL, urls}, {SignalCoHashtag, tags}} {
		pairs := coPairs(sig.objects)
		// each listed member repeatedly co-shares with a member of its group
		best := map[string]int{}
		noise := 0
		for k, n := range pairs {
			if group[k[0]] != "" && group[k[0]] == group[k[1]] {
				best[k[0]] = max(best[k[0]], n)
				best[k[1]] = max(best[k[1]], n)
			} else if sig.name == SignalCoRetweet && n >= 3 {
				noise++
			}
		}
		for m := range signals[sig.name] {
			if best[m] < MinParticipation {
				t.Errorf("%s: member %s of group %s co-shares at most %d times with its group", sig.name, m, group[m], best[m])
			}
		}
		// Unplanted accounts may meet by chance, but should rarely repeat.
		if planted := o.Groups * o.GroupSize * (o.GroupSize - 1) / 2; noise > planted/10 {
			t.Errorf("%s: %d unplanted pairs co-retweet 3+ times, against %d planted pairs", sig.name, noise, planted)
		}
	}
}

// parseList reads the list fields the generator writes.
func parseList(v string) []string {
	v = strings.TrimSuffix(strings.TrimPrefix(v, "["), "]")
	if v == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(v, ", ") {
		out = append(out, strings.Trim(p, "'"))
	}
	return out
}

func TestOptionsAreValidated(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"no output dir", Options{Tweets: 10, Accounts: 10}, "output directory"},
		{"no tweets", Options{Tweets: 0, Accounts: 10, OutDir: dir}, "tweets must be at least 1"},
		{"one account", Options{Tweets: 10, Accounts: 1, OutDir: dir}, "accounts must be at least 2"},
		{"groups do not fit", Options{Tweets: 10_000, Accounts: 50, Seeds: 5, Groups: 5, GroupSize: 10, OutDir: dir},
			"accounts (50) must be at least seeds (5) + groups×group size (5×10) + 1"},
		{"group of one", Options{Tweets: 10_000, Accounts: 50, Groups: 1, GroupSize: 1, OutDir: dir}, "group size must be at least 2"},
		{"too few tweets for groups", Options{Tweets: 100, Accounts: 100, Groups: 2, GroupSize: 5, OutDir: dir}, "too few to plant"},
		{"bad campaign", Options{Tweets: 10, Accounts: 10, Campaign: "../etc", OutDir: dir}, "campaign"},
		{"before snowflakes", Options{Tweets: 10, Accounts: 10, Start: time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC), OutDir: dir}, "start and span"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := TwitterIO(context.Background(), tc.opts)
			if !errors.Is(err, ErrInvalidOptions) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want invalid options containing %q", err, tc.want)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("invalid options left files behind: %v", entries)
	}
}

func TestCancelledRunLeavesNoRelease(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := TwitterIO(ctx, Options{Tweets: 100_000, Accounts: 100, OutDir: dir})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("cancelled run left %v", entries)
	}
}

// heapCtx samples the heap each time the generator polls for cancellation,
// which it does every 1,024 tweets.
type heapCtx struct {
	context.Context
	peak uint64
}

func (c *heapCtx) Err() error {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	c.peak = max(c.peak, m.HeapInuse)
	return c.Context.Err()
}

// The design is streaming: nothing is kept per tweet, so twenty times more
// tweets must not need more heap. GC leaves slack, hence the loose bound.
func TestMemoryDoesNotGrowWithTweets(t *testing.T) {
	peak := func(tweets int64) uint64 {
		runtime.GC()
		ctx := &heapCtx{Context: context.Background()}
		if _, err := TwitterIO(ctx, Options{Tweets: tweets, Accounts: 2000, Groups: 2, GroupSize: 5, OutDir: t.TempDir()}); err != nil {
			t.Fatal(err)
		}
		return ctx.peak
	}
	small, big := peak(20_000), peak(400_000)
	t.Logf("peak heap in use: %d KiB for 20k tweets, %d KiB for 400k", small>>10, big>>10)
	if big > small*3/2+8<<20 {
		t.Errorf("peak heap grew from %d KiB to %d KiB with 20× the tweets", small>>10, big>>10)
	}
}

func BenchmarkTwitterIO(b *testing.B) {
	const tweets = 100_000
	dir := b.TempDir()
	b.ReportAllocs()
	var bytes int64
	for b.Loop() {
		sum := generate(b, Options{Tweets: tweets, Accounts: 5000, Groups: 5, GroupSize: 10, OutDir: dir})
		bytes = sum.TweetsBytes
	}
	b.SetBytes(bytes)
	b.ReportMetric(float64(tweets)*float64(b.N)/b.Elapsed().Seconds(), "tweets/s")
}

// Extremes must still produce a well-formed release of exactly the size asked.
func TestExtremeSizes(t *testing.T) {
	for _, o := range []Options{
		{Tweets: 1, Accounts: 2},
		{Tweets: 50, Accounts: 2000, Seeds: 1},
		{Tweets: 20_000, Accounts: 3, Span: time.Hour},
		{Tweets: 400, Accounts: 12, Groups: 1, GroupSize: 10, Seeds: 1},
	} {
		sum := generate(t, o)
		rel := readRelease(t, sum)
		if int64(len(rel.tweets)) != o.Tweets || len(rel.users) != o.Accounts {
			t.Errorf("%+v: wrote %d tweets and %d users", o, len(rel.tweets), len(rel.users))
		}
		checkUsers(t, rel)
	}
}
