package gen

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

type role uint8

const (
	roleAmp    role = iota // ordinary amplifier, human-paced
	roleBot                // unplanted automated amplifier: fast, but with its own timing
	roleSeed               // core account that posts the originals
	roleMember             // amplifier in a planted group
)

type latencyProfile uint8

const (
	latBot latencyProfile = iota
	latFast
	latSlow
)

// Column positions in the users file and in the first columns of a tweet row
// after tweetid.
const (
	uID = iota
	uName
	uScreen
	uLocation
	uDescription
	uURL
	uFollowers
	uFollowing
	uCreated
	uLanguage
	nUserCols
)

// account is the per-account state; the whole generator keeps one per
// account and nothing per tweet. fields are the user columns exactly as
// written, so tweet rows repeat them byte for byte.
type account struct {
	fields   [nUserCols]string
	role     role
	flagship bool
	lat      latencyProfile
	langs    uint8 // row of corpusMix
	client   string
	client2  string
	group    int32 // -1 unless roleMember
	slot     int32 // position in the group
}

func (a *account) id() string     { return a.fields[uID] }
func (a *account) screen() string { return a.fields[uScreen] }

// group is one planted coordinated group.
type group struct {
	members []int32
	client  string
	day     int64
	lang    uint8
	tags    [3]string
	domain  string
	// participation counts by slot, for the ground-truth file
	coRetweet, coPost []int32
	posts             int
}

// extUser is an author outside the release, retweeted or replied to by
// accounts inside it, as happens in every real release.
type extUser struct{ id, screen string }

// accountLanguages mixes case like the real files (zh-cn and zh-CN).
var accountLanguages = []struct {
	code string
	w    int
	mix  uint8
}{
	{"zh-cn", 560, 0}, {"en", 140, 1}, {"zh-CN", 60, 0}, {"zh-tw", 60, 0}, {"ru", 50, 2},
	{"es", 20, 1}, {"en-gb", 10, 1}, {"ja", 10, 3}, {"ar", 10, 4}, {"he", 10, 5},
}

// corpusMix gives, per account language family, the permille of tweets in
// each corpus: accounts mostly tweet in their language, but not only.
var corpusMix = [][nCorpora]int{
	0: {cZH: 760, cEN: 120, cAR: 20, cHE: 15, cRU: 15, cJA: 20, cUND: 50},
	1: {cZH: 150, cEN: 700, cAR: 40, cHE: 40, cRU: 20, cJA: 0, cUND: 50},
	2: {cZH: 250, cEN: 200, cAR: 0, cHE: 0, cRU: 500, cJA: 0, cUND: 50},
	3: {cZH: 300, cEN: 200, cAR: 0, cHE: 0, cRU: 0, cJA: 500, cUND: 0},
	4: {cZH: 200, cEN: 200, cAR: 600, cHE: 0, cRU: 0, cJA: 0, cUND: 0},
	5: {cZH: 0, cEN: 300, cAR: 0, cHE: 600, cRU: 0, cJA: 0, cUND: 100},
}

func pickCorpus(r *rand.Rand, mix uint8) int {
	x := r.IntN(1000)
	for c, w := range corpusMix[mix] {
		if x < w {
			return c
		}
		x -= w
	}
	return cUND
}

func pickLanguage(r *rand.Rand) (string, uint8) {
	total := 0
	for _, l := range accountLanguages {
		total += l.w
	}
	x := r.IntN(total)
	for _, l := range accountLanguages {
		if x < l.w {
			return l.code, l.mix
		}
		x -= l.w
	}
	panic("unreachable")
}

// people builds the accounts, planted groups and outside authors from their
// own random stream, so the users file does not change with --tweets.
type people struct {
	r       *rand.Rand
	o       Options
	used    map[string]struct{} // ids and lower-cased screen names already given out
	lo, hi  int64               // creation-day range of ordinary accounts
	batches map[int64]bool      // creation days reserved for planted groups
}

func (p *people) unique(s string) bool {
	k := strings.ToLower(s)
	if _, ok := p.used[k]; ok {
		return false
	}
	p.used[k] = struct{}{}
	return true
}

// creationDay spreads ordinary accounts over twelve years, half of them in
// the last three, and keeps them off planted batch days: otherwise a
// creation-batch detector would be scored against accidental batches.
func (p *people) creationDay() int64 {
	var d int64
	if p.r.IntN(2) == 0 {
		d = p.hi - p.r.Int64N(3*365)
	} else {
		d = p.lo + p.r.Int64N(p.hi-p.lo+1)
	}
	for p.batches[d] {
		d--
	}
	return d
}

// oldDay is a creation day in the first years of the range, for the
// established accounts the operation bought or built up.
func (p *people) oldDay() int64 {
	d := p.lo + p.r.Int64N(3*365)
	for p.batches[d] {
		d--
	}
	return d
}

func (p *people) hashed() string {
	for {
		if h := hashID(p.r); p.unique(h) {
			return h
		}
	}
}

func (p *people) numericID(day int64) string {
	for {
		if id := numericUserID(p.r, day); p.unique(id) {
			return id
		}
	}
}

func (p *people) displayName() string {
	r := p.r
	switch x := r.IntN(100); {
	case x < 45:
		n := 2 + r.IntN(3)
		b := make([]rune, n)
		for i := range b {
			b[i] = pick(r, cjkNameChars)
		}
		return string(b)
	case x < 75:
		if r.IntN(2) == 0 {
			return pick(r, latinFirst)
		}
		return pick(r, latinFirst) + " " + pick(r, latinLast)
	case x < 88:
		return pick(r, cyrillicNames)
	case x < 95:
		// emoji and a right-to-left mark, as in real display names
		return pick(r, latinFirst) + " " + pick(r, emojis) + " \u200f"
	}
	return ""
}

func (p *people) screenName() string {
	r := p.r
	for {
		var s string
		switch r.IntN(3) {
		case 0: // bulk-registered accounts get random handles
			s = randomToken(r, 15)
		case 1:
			s = pick(r, pinyin) + pick(r, pinyin) + strconv.Itoa(r.IntN(100)) + pick(r, pinyin)
		default:
			s = pick(r, latinFirst) + pick(r, latinLast) + strconv.Itoa(r.IntN(100000))
		}
		if len(s) > 15 {
			s = s[:15]
		}
		if p.unique(s) {
			return s
		}
	}
}

// followers draws a follower count for an ordinary account: most have a
// handful, some bought thousands.
func (p *people) followers() int {
	r := p.r
	switch x := r.IntN(100); {
	case x < 35:
		return r.IntN(10)
	case x < 88:
		return int(logUniform(r, 10, 4999))
	}
	return int(logUniform(r, 5000, 150_000))
}

func (p *people) following() int {
	if p.r.IntN(10) == 0 {
		return 0
	}
	return int(logUniform(p.r, 1, 800))
}

// fill sets the user columns. Accounts under 5,000 followers are hashed:
// id, display name and screen name all become the same hash.
func (p *people) fill(a *account, followers, following int, day int64, lang string, name, screen string) {
	f := &a.fields
	if followers < 5000 {
		h := p.hashed()
		f[uID], f[uName], f[uScreen] = h, h, h
	} else {
		f[uID] = p.numericID(day)
		if screen == "" {
			screen = p.screenName()
		} else {
			p.unique(screen)
		}
		if name == "" {
			name = p.displayName()
			if name == "" {
				name = screen
			}
		}
		f[uName], f[uScreen] = name, screen
	}
	r := p.r
	if f[uLocation] == "" && r.IntN(4) == 0 {
		f[uLocation] = pick(r, locations)
	}
	if f[uDescription] == "" && r.IntN(5) == 0 {
		f[uDescription] = pick(r, descriptions)
	}
	if r.IntN(10) == 0 {
		f[uURL] = tco(r)
	}
	f[uFollowers] = strconv.Itoa(followers)
	f[uFollowing] = strconv.Itoa(following)
	f[uCreated] = dayString(day)
	f[uLanguage] = lang
}

// population is everything the tweet stream draws on.
type population struct {
	accts    []account
	seeds    []int32 // in order of the flagship first
	amps     []int32 // every non-seed account, members included
	groups   []group
	external []extUser
}

// buildPopulation assigns roles through a random permutation so the users
// file's order gives away neither seeds nor groups.
func buildPopulation(o Options) population {
	r := rand.New(rand.NewPCG(o.Seed, 0x5eed_acc0))
	startDay := o.Start.Unix() / 86400
	p := &people{
		r:       r,
		o:       o,
		used:    make(map[string]struct{}, o.Accounts*2+512),
		hi:      startDay - 30,
		batches: map[int64]bool{},
	}
	p.lo = p.hi - 12*365
	pop := population{accts: make([]account, o.Accounts)}

	pop.groups = make([]group, o.Groups)
	for gi := range pop.groups {
		g := &pop.groups[gi]
		for {
			g.day = p.hi - 7 - r.Int64N(2*365)
			if !p.batches[g.day] {
				break
			}
		}
		p.batches[g.day] = true
		g.client = automationClients[gi%len(automationClients)]
		g.lang = 0
		for i := range g.tags {
			g.tags[i] = groupTagStems[(gi*3+i)%len(groupTagStems)] + strconv.Itoa(gi+1)
		}
		g.domain = groupDomainStems[gi%len(groupDomainStems)] + strconv.Itoa(gi+1) + ".com"
		g.coRetweet = make([]int32, o.GroupSize)
		g.coPost = make([]int32, o.GroupSize)
	}

	perm := r.Perm(o.Accounts)
	nPlanted := o.Groups * o.GroupSize
	for k, idx := range perm {
		a := &pop.accts[idx]
		a.group = -1
		switch {
		case k < o.Seeds:
			a.role = roleSeed
			pop.seeds = append(pop.seeds, int32(idx))
		case k < o.Seeds+nPlanted:
			a.role = roleMember
			m := k - o.Seeds
			a.group, a.slot = int32(m/o.GroupSize), int32(m%o.GroupSize)
			g := &pop.groups[a.group]
			g.members = append(g.members, int32(idx))
		case r.IntN(4) == 0:
			a.role = roleBot
		default:
			a.role = roleAmp
		}
		if a.role != roleSeed {
			pop.amps = append(pop.amps, int32(idx))
		}
	}
	// Profiles are drawn in users-file order so each account's columns
	// depend only on the seed and its position.
	for idx := range pop.accts {
		a := &pop.accts[idx]
		switch a.role {
		case roleSeed:
			p.seedProfile(a, idx == int(pop.seeds[0]), len(pop.seeds) > 1 && idx == int(pop.seeds[1]))
		case roleMember:
			g := &pop.groups[a.group]
			a.lat = latencyProfile(1 + r.IntN(2))
			a.client, a.client2 = g.client, g.client
			a.langs = g.lang
			p.fill(a, r.IntN(300), int(logUniform(r, 20, 400)), g.day, "zh-cn", "", "")
		default:
			lang, mix := pickLanguage(r)
			a.langs = mix
			if a.role == roleBot {
				a.lat = latBot
				a.client, a.client2 = pick(r, automationClients), pick(r, humanClients)
			} else {
				a.lat = latencyProfile(1 + r.IntN(2))
				a.client, a.client2 = pick(r, humanClients), pick(r, humanClients)
			}
			p.fill(a, p.followers(), p.following(), p.creationDay(), lang, "", "")
		}
	}
	// Outside authors: mostly numeric ids, some hashed, none in the users file.
	pop.external = make([]extUser, 256)
	for i := range pop.external {
		e := &pop.external[i]
		if r.IntN(10) < 3 {
			e.id = p.hashed()
			e.screen = e.id
			continue
		}
		e.id = p.numericID(p.lo + r.Int64N(p.hi-p.lo+1))
		for {
			e.screen = pick(r, externalScreenStems) + strconv.Itoa(r.IntN(10000))
			if p.unique(e.screen) {
				break
			}
		}
	}
	return pop
}

// seedProfile gives the first two seeds the profile of the operation's fake
// news outlets (one Chinese, one English, many followers, never hashed);
// the rest are a mix of hashed and public core accounts.
func (p *people) seedProfile(a *account, first, second bool) {
	r := p.r
	a.lat = latencyProfile(1 + r.IntN(2))
	switch {
	case first:
		a.flagship = true
		a.client, a.client2 = "Twitter Web Client", "Twitter for Android"
		a.fields[uLocation] = "Hong Kong"
		a.fields[uDescription] = "香港政局新闻，每日更新。\n关注香港，关注真相，拒绝\"假新闻\"。"
		p.fill(a, int(logUniform(r, 80_000, 200_000)), int(logUniform(r, 20, 200)), p.oldDay(), "zh-cn", "香港政局新闻", "HKpoliticsnews")
		a.langs = 0
	case second:
		a.flagship = true
		a.client, a.client2 = "Twitter for Android", "Twitter Web Client"
		a.fields[uDescription] = "News & views on Hong Kong and China, in English."
		p.fill(a, int(logUniform(r, 60_000, 150_000)), int(logUniform(r, 20, 200)), p.oldDay(), "en", "CTCC News", "ctcc570")
		a.langs = 1
	default:
		lang, mix := pickLanguage(r)
		a.langs = mix
		a.client, a.client2 = pick(r, humanClients), pick(r, humanClients)
		f := int(logUniform(r, 1, 4999))
		if r.IntN(10) < 4 {
			f = int(logUniform(r, 5000, 60_000))
		}
		p.fill(a, f, p.following(), p.creationDay(), lang, "", "")
	}
}
