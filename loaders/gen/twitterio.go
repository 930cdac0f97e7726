package gen

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// UserColumns and TweetColumns are the exact headers of a release.
var (
	UserColumns = []string{"userid", "user_display_name", "user_screen_name", "user_reported_location",
		"user_profile_description", "user_profile_url", "follower_count", "following_count",
		"account_creation_date", "account_language"}
	TweetColumns = append(append([]string{"tweetid"}, UserColumns...),
		"tweet_language", "tweet_text", "tweet_time", "tweet_client_name", "in_reply_to_userid",
		"in_reply_to_tweetid", "quoted_tweet_tweetid", "is_retweet", "retweet_userid", "retweet_tweetid",
		"latitude", "longitude", "quote_count", "reply_count", "like_count", "retweet_count",
		"hashtags", "urls", "user_mentions", "poll_choices")
	PlantedColumns = []string{"group_id", "userid", "signal"}
)

// Planted signals, as written in planted_groups.csv.
const (
	SignalCreationBatch = "creation_batch"
	SignalCoRetweet     = "co_retweet"
	SignalCoURL         = "co_url"
	SignalCoHashtag     = "co_hashtag"
)

// PlantedFile and ReadmeFile are written next to the release.
const (
	PlantedFile = "planted_groups.csv"
	ReadmeFile  = "SYNTHETIC.md"
)

// Tweet columns after the repeated user columns.
const (
	tID   = 0
	tLang = nUserCols + iota // the user columns sit between tweetid and tweet_language
	tText
	tTime
	tClient
	tReplyUser
	tReplyTweet
	tQuoted
	tIsRetweet
	tRetweetUser
	tRetweetTweet
	tLat
	tLon
	tQuoteCount
	tReplyCount
	tLikeCount
	tRetweetCount
	tHashtags
	tURLs
	tMentions
	tPoll
	nTweetCols
)

// windowSize bounds the recent seed originals that amplifiers pick from: it
// is the only tweet-level state, and it is fixed.
const windowSize = 4096

const bufSize = 1 << 20

// seedTweet is a seed's original kept in the window so that retweets,
// replies and quotes can point at a tweet that is really in the file.
type seedTweet struct {
	id     uint64
	ms     int64
	author int32
	corpus int
	text   string
	tags   []string
	urls   []string
}

type window struct {
	buf  [windowSize]seedTweet
	n    int
	head int
}

func (w *window) push(t seedTweet) {
	w.buf[w.head] = t
	w.head = (w.head + 1) % windowSize
	w.n = min(w.n+1, windowSize)
}

// pick favours recent tweets, as retweeting does, but spreads picks over the
// whole window so unplanted accounts rarely meet on one tweet by chance.
func (w *window) pick(r *rand.Rand) *seedTweet {
	k := min(r.IntN(w.n), r.IntN(w.n))
	return &w.buf[(w.head-1-k+2*windowSize)%windowSize]
}

// row is the tweet being written; one is reused for every row.
type row struct {
	id                                uint64
	ms                                int64
	author                            int32
	corpus                            int
	text                              string
	client                            string
	replyUser, replyTweet, quoted     string
	retweet                           bool
	retweetUser, retweetTweet         string
	tags, urls, mentions              []string
	likes, retweets, repliesN, quotes int64
}

type generator struct {
	o   Options
	r   *rand.Rand
	pop population

	seedCum, ampCum []uint64 // cumulative activity weights

	win   window
	cw    *csv.Writer
	rec   []string
	times minuteFormatter
	sum   *Summary

	emitted                int64
	seq                    uint64
	startMs, spanMs, endMs int64
	eventsPerGroup         int64
	totalEvents, next      int64
	mentions               [2]string // scratch for one-element lists
}

// TwitterIO writes a synthetic release into opts.OutDir: the users and
// tweets files, planted_groups.csv and SYNTHETIC.md. Files are written
// under a temporary name and renamed when complete, so a cancelled run
// leaves nothing that looks like a finished release.
func TwitterIO(ctx context.Context, opts Options) (Summary, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("gen: %w", err)
	}
	rel := o.release()
	sum := Summary{
		Release:     rel,
		UsersFile:   filepath.Join(o.OutDir, rel+"_users_csv_hashed.csv"),
		TweetsFile:  filepath.Join(o.OutDir, rel+"_tweets_csv_hashed.csv"),
		PlantedFile: filepath.Join(o.OutDir, PlantedFile),
		ReadmeFile:  filepath.Join(o.OutDir, ReadmeFile),
		Groups:      o.Groups,
	}
	g := &generator{o: o, pop: buildPopulation(o), sum: &sum}
	var done []string
	defer func() {
		for _, p := range done {
			os.Remove(p + ".partial")
		}
	}()
	steps := []struct {
		path  string
		write func(io.Writer) error
	}{
		{sum.UsersFile, g.writeUsers},
		{sum.TweetsFile, func(w io.Writer) error { return g.writeTweets(ctx, w) }},
		{sum.PlantedFile, g.writePlanted},
		{sum.ReadmeFile, g.writeReadme},
	}
	for _, s := range steps {
		done = append(done, s.path)
		if err := writeFile(s.path, s.write); err != nil {
			return sum, err
		}
	}
	for _, s := range steps {
		if err := os.Rename(s.path+".partial", s.path); err != nil {
			return sum, fmt.Errorf("gen: %w", err)
		}
	}
	done = nil
	if fi, err := os.Stat(sum.TweetsFile); err == nil {
		sum.TweetsBytes = fi.Size()
	}
	return sum, nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path + ".partial")
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	bw := bufio.NewWriterSize(f, bufSize)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gen: %s: %w", filepath.Base(path), err)
	}
	return nil
}

func (g *generator) writeUsers(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(UserColumns); err != nil {
		return err
	}
	for i := range g.pop.accts {
		a := &g.pop.accts[i]
		if err := cw.Write(a.fields[:]); err != nil {
			return err
		}
		g.sum.Users++
		if a.role == roleSeed {
			g.sum.SeedUsers++
		}
		if a.fields[uID] == a.fields[uScreen] && strings.HasSuffix(a.fields[uID], "=") {
			g.sum.HashedUsers++
		}
	}
	cw.Flush()
	return cw.Error()
}

// weights makes a few accounts (flagship seeds, bots) send most tweets, as
// in real releases, so that rankings and centralities have something to find.
func (g *generator) weights(r *rand.Rand) {
	for _, idx := range g.pop.seeds {
		a := &g.pop.accts[idx]
		w := uint64(logUniform(r, 1, 20))
		if a.flagship {
			w = 60
		}
		g.seedCum = append(g.seedCum, last(g.seedCum)+w)
	}
	for _, idx := range g.pop.amps {
		var w uint64
		switch g.pop.accts[idx].role {
		case roleBot:
			w = uint64(logUniform(r, 4, 24))
		case roleMember:
			w = 4
		default:
			w = uint64(logUniform(r, 1, 8))
		}
		g.ampCum = append(g.ampCum, last(g.ampCum)+w)
	}
}

func last(xs []uint64) uint64 {
	if len(xs) == 0 {
		return 0
	}
	return xs[len(xs)-1]
}

func pickWeighted(r *rand.Rand, cum []uint64, ids []int32) int32 {
	x := r.Uint64N(cum[len(cum)-1])
	return ids[sort.Search(len(cum), func(i int) bool { return cum[i] > x })]
}

// mulDiv is a*b/c without overflow for the sizes of the largest releases.
func mulDiv(a, b, c uint64) int64 {
	hi, lo := bits.Mul64(a, b)
	q, _ := bits.Div64(hi, lo, c)
	return int64(q)
}

func (g *generator) writeTweets(ctx context.Context, w io.Writer) error {
	o := g.o
	g.r = rand.New(rand.NewPCG(o.Seed, 0x7eed_7ee7))
	g.weights(g.r)
	g.startMs = o.Start.UnixMilli()
	g.spanMs = o.Span.Milliseconds()
	g.endMs = g.startMs + g.spanMs
	if o.Groups > 0 {
		// About 5% of the tweets are planted, capped so members are no
		// busier than the busiest unplanted bots.
		per := int64(o.Groups * o.GroupSize)
		g.eventsPerGroup = max(minEvents, min(o.Tweets/(20*per), 3*o.Tweets/int64(o.Accounts)))
		g.totalEvents = g.eventsPerGroup * int64(o.Groups)
	}
	g.cw = csv.NewWriter(w)
	g.rec = make([]string, nTweetCols)
	if err := g.cw.Write(TweetColumns); err != nil {
		return err
	}
	for i := 0; g.emitted < o.Tweets; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := g.cw.Error(); err != nil {
				return err
			}
		}
		if g.next < g.totalEvents && g.emitted >= g.eventAt(g.next) && g.win.n > 0 {
			g.event(g.next)
			g.next++
			continue
		}
		g.step()
	}
	g.cw.Flush()
	if err := g.cw.Error(); err != nil {
		return err
	}
	return nil
}

// eventAt spreads planted events evenly through the stream.
func (g *generator) eventAt(j int64) int64 {
	return mulDiv(uint64(2*j+1), uint64(g.o.Tweets), uint64(2*g.totalEvents))
}

// clock is the time the stream has reached; originals are posted around it
// and everything else follows an original.
func (g *generator) clock() int64 {
	return g.startMs + mulDiv(uint64(g.spanMs), uint64(g.emitted), uint64(g.o.Tweets))
}

func (g *generator) originalTime() int64 {
	step := max(g.spanMs/g.o.Tweets, 1)
	return min(g.clock()+g.r.Int64N(step), g.endMs-1)
}

// latency is how long after an original an account reacts.
func (g *generator) latency(a int32) int64 {
	r := g.r
	switch g.pop.accts[a].lat {
	case latBot:
		return logUniform(r, 2_000, 900_000)
	case latFast:
		return logUniform(r, 30_000, 2*3_600_000)
	}
	return logUniform(r, 600_000, 3*86_400_000)
}

// after is the time of a reaction to an original at ms: never before it and,
// where there is room, not after the release's end.
func (g *generator) after(ms int64, a int32) int64 {
	lat := g.latency(a)
	if ms+lat > g.endMs && g.endMs-ms > 2000 {
		lat = 1000 + g.r.Int64N(g.endMs-ms-1000)
	}
	return ms + lat
}

func (g *generator) step() {
	r := g.r
	if r.IntN(1000) < 220 || g.win.n == 0 && r.IntN(2) == 0 {
		g.seedAction(pickWeighted(r, g.seedCum, g.pop.seeds))
		return
	}
	g.ampAction(pickWeighted(r, g.ampCum, g.pop.amps))
}

func (g *generator) seedAction(a int32) {
	r := g.r
	p := r.IntN(1000)
	if g.win.n == 0 || p < 840 {
		g.seedOriginal(a)
		return
	}
	orig := g.win.pick(r)
	switch {
	case p < 920 && orig.author != a:
		g.retweet(a, orig, g.after(orig.ms, a))
	case p < 970:
		g.reply(a, orig) // replying to oneself makes a thread
	default:
		g.quote(a, orig)
	}
}

func (g *generator) ampAction(a int32) {
	r := g.r
	p := r.IntN(1000)
	switch {
	case p < 720:
		if g.win.n == 0 || r.IntN(10) == 0 {
			g.externalRetweet(a)
			return
		}
		orig := g.win.pick(r)
		g.retweet(a, orig, g.after(orig.ms, a))
	case p < 810:
		if g.win.n == 0 || r.IntN(100) < 15 {
			g.externalReply(a)
			return
		}
		g.reply(a, g.win.pick(r))
	case p < 870 && g.win.n > 0:
		g.quote(a, g.win.pick(r))
	default:
		g.ampOriginal(a)
	}
}

func (g *generator) nextID(ms int64) uint64 {
	g.seq++
	return snowflake(ms, g.seq)
}

func (g *generator) clientOf(a int32) string {
	acc := &g.pop.accts[a]
	if g.r.IntN(100) < 85 {
		return acc.client
	}
	return acc.client2
}

// compose writes one or two sentences of an account's language, sometimes
// with emoji, then hashtags and a link as Twitter renders them.
func (g *generator) compose(c int, set *[nCorpora]corpus, tags []string, urls []string) string {
	r := g.r
	var b strings.Builder
	texts := set[c].texts
	i := r.IntN(len(texts))
	b.WriteString(texts[i])
	if r.IntN(5) == 0 && len(texts) > 1 {
		if r.IntN(2) == 0 {
			b.WriteString("\n")
		} else {
			b.WriteString(" ")
		}
		b.WriteString(texts[(i+1+r.IntN(len(texts)-1))%len(texts)])
	}
	if r.IntN(4) == 0 {
		b.WriteString(" ")
		b.WriteString(pick(r, emojis))
	}
	for _, t := range tags {
		b.WriteString(" #")
		b.WriteString(t)
	}
	for range urls {
		b.WriteString(" ")
		b.WriteString(tco(r))
	}
	return b.String()
}

func (g *generator) campaignTags(n int) []string {
	if n == 0 {
		return nil
	}
	tags := make([]string, 0, n)
	for len(tags) < n {
		// skewed: a few tags dominate, as in real campaigns
		t := campaignTags[min(g.r.IntN(len(campaignTags)), g.r.IntN(len(campaignTags)))]
		dup := false
		for _, x := range tags {
			dup = dup || x == t
		}
		if !dup {
			tags = append(tags, t)
		}
	}
	return tags
}

func (g *generator) freshURL() string {
	return pick(g.r, urlPrefixes) + randomToken(g.r, 11)
}

func (g *generator) seedOriginal(a int32) {
	r := g.r
	acc := &g.pop.accts[a]
	c := pickCorpus(r, acc.langs)
	var tags, urls []string
	if r.IntN(100) < 55 {
		tags = g.campaignTags(1 + r.IntN(3))
	}
	if r.IntN(100) < 35 {
		urls = []string{g.freshURL()}
	}
	text := g.compose(c, &originals, tags, urls)
	var mentions []string
	if r.IntN(10) == 0 && len(g.pop.seeds) > 1 {
		other := &g.pop.accts[pick(r, g.pop.seeds)]
		if other != acc {
			text = "@" + other.screen() + " " + text
			mentions = []string{other.id()}
		}
	}
	ms := g.originalTime()
	t := row{
		id: g.nextID(ms), ms: ms, author: a, corpus: c, text: text, client: g.clientOf(a),
		tags: tags, urls: urls, mentions: mentions,
	}
	reach := int64(1000)
	if acc.flagship {
		reach = 50_000
	}
	t.likes = logUniform(r, 1, reach) - 1
	t.retweets = logUniform(r, 1, reach) - 1
	t.repliesN = logUniform(r, 1, reach/20) - 1
	t.quotes = logUniform(r, 1, reach/50) - 1
	g.emit(&t)
	g.win.push(seedTweet{id: t.id, ms: ms, author: a, corpus: c, text: text, tags: tags, urls: urls})
}

func (g *generator) ampOriginal(a int32) {
	r := g.r
	acc := &g.pop.accts[a]
	c := pickCorpus(r, acc.langs)
	set := &chatter
	var tags, urls []string
	if r.IntN(2) == 0 {
		set = &originals
		if r.IntN(100) < 30 {
			tags = g.campaignTags(1 + r.IntN(2))
		}
	}
	if r.IntN(100) < 15 {
		urls = []string{g.freshURL()}
	}
	text := g.compose(c, set, tags, urls)
	var mentions []string
	if set == &originals && r.IntN(100) < 40 {
		// real IO files list mentioned accounts by user id
		s := &g.pop.accts[pickWeighted(r, g.seedCum, g.pop.seeds)]
		text = "@" + s.screen() + " " + text
		mentions = []string{s.id()}
	}
	ms := g.originalTime()
	t := row{id: g.nextID(ms), ms: ms, author: a, corpus: c, text: text, client: g.clientOf(a),
		tags: tags, urls: urls, mentions: mentions, likes: logUniform(r, 1, 20) - 1}
	g.emit(&t)
}

func (g *generator) retweet(a int32, orig *seedTweet, ms int64) {
	author := &g.pop.accts[orig.author]
	t := row{
		id: g.nextID(ms), ms: ms, author: a, corpus: orig.corpus,
		text:    "RT @" + author.screen() + ": " + orig.text,
		client:  g.clientOf(a),
		retweet: true, retweetUser: author.id(), retweetTweet: strconv.FormatUint(orig.id, 10),
		tags: orig.tags, urls: orig.urls, mentions: g.one(author.id()),
	}
	g.emit(&t)
}

// externalRetweet retweets an author outside the release; the original is
// not in the file, as in real releases.
func (g *generator) externalRetweet(a int32) {
	r := g.r
	e := pick(r, g.pop.external)
	ms := g.originalTime()
	origMs := max(ms-g.latency(a), twitterEpochMs+1)
	c := pickCorpus(r, g.pop.accts[a].langs)
	tags := g.campaignTags(r.IntN(2))
	t := row{
		id: g.nextID(ms), ms: ms, author: a, corpus: c,
		text:    "RT @" + e.screen + ": " + g.compose(c, &originals, tags, nil),
		client:  g.clientOf(a),
		retweet: true, retweetUser: e.id, retweetTweet: strconv.FormatUint(g.nextID(origMs), 10),
		tags: tags, mentions: g.one(e.id),
	}
	g.sum.ExternalRetweets++
	g.emit(&t)
}

func (g *generator) reply(a int32, orig *seedTweet) {
	r := g.r
	author := &g.pop.accts[orig.author]
	ms := g.after(orig.ms, a)
	c := pickCorpus(r, g.pop.accts[a].langs)
	t := row{
		id: g.nextID(ms), ms: ms, author: a, corpus: c,
		text:      "@" + author.screen() + " " + g.compose(c, &replies, nil, nil),
		client:    g.clientOf(a),
		replyUser: author.id(), replyTweet: strconv.FormatUint(orig.id, 10),
		mentions: g.one(author.id()), likes: logUniform(r, 1, 10) - 1,
	}
	g.emit(&t)
}

func (g *generator) externalReply(a int32) {
	r := g.r
	e := pick(r, g.pop.external)
	ms := g.originalTime()
	c := pickCorpus(r, g.pop.accts[a].langs)
	t := row{
		id: g.nextID(ms), ms: ms, author: a, corpus: c,
		text:      "@" + e.screen + " " + g.compose(c, &replies, nil, nil),
		client:    g.clientOf(a),
		replyUser: e.id, replyTweet: strconv.FormatUint(g.nextID(max(ms-g.latency(a), twitterEpochMs+1)), 10),
		mentions: g.one(e.id),
	}
	g.emit(&t)
}

func (g *generator) quote(a int32, orig *seedTweet) {
	r := g.r
	author := &g.pop.accts[orig.author]
	ms := g.after(orig.ms, a)
	c := pickCorpus(r, g.pop.accts[a].langs)
	id := strconv.FormatUint(orig.id, 10)
	link := "https://twitter.com/" + author.screen() + "/status/" + id
	t := row{
		id: g.nextID(ms), ms: ms, author: a, corpus: c,
		text:   g.compose(c, &quotes, nil, []string{link}),
		client: g.clientOf(a),
		quoted: id, urls: []string{link}, likes: logUniform(r, 1, 30) - 1,
	}
	g.emit(&t)
}

func (g *generator) one(s string) []string {
	g.mentions[0] = s
	return g.mentions[:1]
}

// event runs planted event j: group j%G either retweets one seed tweet
// together or posts the same URL and hashtag together, every participant
// within CoordinationWindow of the first.
func (g *generator) event(j int64) {
	r := g.r
	grp := &g.pop.groups[j%int64(g.o.Groups)]
	left := g.o.Tweets - g.emitted
	if left < 2 {
		return
	}
	in := g.participants(grp, left)
	window := CoordinationWindow.Milliseconds()
	if (j/int64(g.o.Groups))%3 != 2 {
		orig := g.win.pick(r)
		base := orig.ms + logUniform(r, 3_000, 300_000)
		for _, s := range in {
			g.retweet(grp.members[s], orig, base+r.Int64N(window+1))
			grp.coRetweet[s]++
		}
		return
	}
	grp.posts++
	t0 := g.originalTime()
	url := fmt.Sprintf("https://%s/%s/%d-%s.html", grp.domain, time.UnixMilli(t0).UTC().Format("2006/01"), grp.posts, strings.ToLower(randomToken(r, 6)))
	tags := []string{grp.tags[r.IntN(len(grp.tags))]}
	if r.IntN(2) == 0 {
		tags = append(tags, g.campaignTags(1)...)
	}
	urls := []string{url}
	c := pickCorpus(r, grp.lang)
	shared := ""
	if r.IntN(2) == 0 { // copy-paste posting, as scripted accounts do
		shared = g.compose(c, &originals, tags, urls)
	}
	for _, s := range in {
		a := grp.members[s]
		ms := t0 + r.Int64N(window+1)
		text := shared
		if text == "" {
			text = g.compose(c, &originals, tags, urls)
		}
		t := row{id: g.nextID(ms), ms: ms, author: a, corpus: c, text: text, client: g.pop.accts[a].client,
			tags: tags, urls: urls, likes: logUniform(r, 1, 20) - 1}
		g.emit(&t)
		grp.coPost[s]++
	}
}

// participants picks the members taking part in one event. Each joins with
// probability 85% so groups are not perfect cliques, which would make them
// too easy to find; at least two, so the event is coordination at all.
func (g *generator) participants(grp *group, left int64) []int {
	r := g.r
	in := make([]int, 0, len(grp.members))
	for s := range grp.members {
		if r.IntN(100) < 85 {
			in = append(in, s)
		}
	}
	if len(in) < 2 {
		k := len(grp.members)
		a := r.IntN(k)
		b := (a + 1 + r.IntN(k-1)) % k
		in = append(in[:0], min(a, b), max(a, b))
	}
	if int64(len(in)) > left {
		in = in[:left]
	}
	return in
}

// emit writes one tweet row. Count and list formats vary row by row because
// real releases are inconsistent and loaders must take every variant.
func (g *generator) emit(t *row) {
	r := g.r
	rec := g.rec
	acc := &g.pop.accts[t.author]
	rec[tID] = strconv.FormatUint(t.id, 10)
	copy(rec[1:1+nUserCols], acc.fields[:])
	rec[tLang] = originals[t.corpus].lang
	rec[tText] = t.text
	rec[tTime] = g.times.format(t.ms)
	rec[tClient] = t.client
	rec[tReplyUser], rec[tReplyTweet], rec[tQuoted] = t.replyUser, t.replyTweet, t.quoted
	rec[tIsRetweet] = "False"
	if t.retweet {
		rec[tIsRetweet] = "True"
	}
	rec[tRetweetUser], rec[tRetweetTweet] = t.retweetUser, t.retweetTweet
	rec[tLat], rec[tLon] = "absent", "absent"
	if r.IntN(5000) == 0 {
		rec[tLat], rec[tLon] = "present", "present"
	}
	// Counts come as "3", "3.0" or empty, varying row by row.
	style := r.IntN(100)
	rec[tQuoteCount] = count(t.quotes, style)
	rec[tReplyCount] = count(t.repliesN, style)
	rec[tLikeCount] = count(t.likes, style)
	rec[tRetweetCount] = count(t.retweets, style)
	quoted := r.IntN(100) >= 5
	rec[tHashtags] = list(t.tags, quoted)
	rec[tURLs] = list(t.urls, quoted)
	rec[tMentions] = list(t.mentions, quoted)
	rec[tPoll] = ""
	g.cw.Write(rec) // errors are sticky; writeTweets checks cw.Error
	g.emitted++
	g.sum.Tweets++
	switch {
	case t.retweet:
		g.sum.Retweets++
	case t.replyTweet != "":
		g.sum.Replies++
	case t.quoted != "":
		g.sum.Quotes++
	default:
		g.sum.Originals++
	}
}

func count(n int64, style int) string {
	switch {
	case style < 5:
		return ""
	case style < 15:
		return strconv.FormatInt(n, 10) + ".0"
	}
	return strconv.FormatInt(n, 10)
}

// list renders a list field in the Python repr the releases use, or now
// and then without the quotes, as some releases do.
func list(xs []string, quoted bool) string {
	if len(xs) == 0 {
		return "[]"
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		if quoted {
			b.WriteByte('\'')
			b.WriteString(x)
			b.WriteByte('\'')
		} else {
			b.WriteString(x)
		}
	}
	b.WriteByte(']')
	return b.String()
}

// writePlanted lists, per group and member, the signals the member really
// carries: creation_batch always, the others when it took part in at least
// MinParticipation events of that kind (which every member does unless the
// release is tiny).
func (g *generator) writePlanted(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(PlantedColumns); err != nil {
		return err
	}
	members := 0
	for gi := range g.pop.groups {
		grp := &g.pop.groups[gi]
		gid := strconv.Itoa(gi + 1)
		for s, a := range grp.members {
			id := g.pop.accts[a].id()
			members++
			sigs := []string{SignalCreationBatch}
			if grp.coRetweet[s] >= MinParticipation {
				sigs = append(sigs, SignalCoRetweet)
			}
			if grp.coPost[s] >= MinParticipation {
				sigs = append(sigs, SignalCoURL, SignalCoHashtag)
			}
			for _, sig := range sigs {
				if err := cw.Write([]string{gid, id, sig}); err != nil {
					return err
				}
				g.sum.PlantedRows++
			}
		}
	}
	g.sum.PlantedMembers = members
	cw.Flush()
	return cw.Error()
}

func (g *generator) writeReadme(w io.Writer) error {
	o, s := g.o, g.sum
	var b strings.Builder
	fmt.Fprintf(&b, "# SYNTHETIC DATA — not a real Twitter release\n\n")
	fmt.Fprintf(&b, "Every account, tweet, id, hash, name and link in this folder was invented by\n")
	fmt.Fprintf(&b, "`iograph gen twitter-io` (generator %s). Any resemblance to a real account is\n", Version)
	fmt.Fprintf(&b, "accidental. Do not cite it, publish it as real, or mix it with real releases.\n\n")
	fmt.Fprintf(&b, "## Parameters\n\n")
	fmt.Fprintf(&b, "| option | value |\n| --- | --- |\n")
	fmt.Fprintf(&b, "| seed | %d |\n| tweets | %d |\n| accounts | %d |\n| seed accounts | %d |\n", o.Seed, o.Tweets, o.Accounts, o.Seeds)
	fmt.Fprintf(&b, "| groups | %d |\n| group size | %d |\n| campaign | %s |\n", o.Groups, o.GroupSize, o.Campaign)
	fmt.Fprintf(&b, "| start | %s |\n| span | %s |\n\n", o.Start.Format(time.RFC3339), spanString(o.Span))
	fmt.Fprintf(&b, "The same generator version and parameters produce byte-identical files.\n\n")
	fmt.Fprintf(&b, "## Files and counts\n\n")
	fmt.Fprintf(&b, "- `%s`: %d users (%d seed accounts, %d hashed)\n", filepath.Base(s.UsersFile), s.Users, s.SeedUsers, s.HashedUsers)
	fmt.Fprintf(&b, "- `%s`: %d tweets: %d originals, %d retweets (%d of originals outside the release), %d replies, %d quotes\n",
		filepath.Base(s.TweetsFile), s.Tweets, s.Originals, s.Retweets, s.ExternalRetweets, s.Replies, s.Quotes)
	fmt.Fprintf(&b, "- `%s`: %d rows for %d members of %d planted groups\n\n", PlantedFile, s.PlantedRows, s.PlantedMembers, s.Groups)
	fmt.Fprintf(&b, "## Ground truth\n\n")
	fmt.Fprintf(&b, "`%s` has columns `group_id,userid,signal`, one row per member per signal:\n\n", PlantedFile)
	fmt.Fprintf(&b, "- `%s`: all members of a group were created on the same day, a day on which no\n  other account in the release was created, and tweet from the same client.\n", SignalCreationBatch)
	fmt.Fprintf(&b, "- `%s`: members retweet the same seed tweets, all within %s of each other.\n", SignalCoRetweet, CoordinationWindow)
	fmt.Fprintf(&b, "- `%s`, `%s`: members post the same URL (on the group's own domain) with the same\n  group hashtag, all within %s of each other; half of these posts are copy-pasted text.\n", SignalCoURL, SignalCoHashtag, CoordinationWindow)
	fmt.Fprintf(&b, "\nA member is listed for a co-* signal when it took part in at least %d such events.\n", MinParticipation)
	fmt.Fprintf(&b, "Unplanted accounts act on their own random timing; they may still meet by chance\nnow and then, as real accounts do.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func spanString(d time.Duration) string {
	if day := 24 * time.Hour; d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + " days"
	}
	return d.String()
}
