package gen

import (
	"encoding/base64"
	"math/rand/v2"
	"strconv"
	"time"
)

// twitterEpochMs is the snowflake epoch (2010-11-04T01:42:54.657Z).
const twitterEpochMs = 1288834974657

const seqMask = 1<<22 - 1

// snowflake builds a tweet or user id whose timestamp is ms. The low 22 bits
// (worker and sequence in Twitter's layout) come from a counter so that two
// ids minted in the same millisecond differ.
func snowflake(ms int64, seq uint64) uint64 {
	return uint64(ms-twitterEpochMs)<<22 | seq&seqMask
}

// SnowflakeMs is the millisecond time a snowflake id encodes.
func SnowflakeMs(id uint64) int64 { return int64(id>>22) + twitterEpochMs }

const dayMs = int64(24 * time.Hour / time.Millisecond)

// dayString formats a day number (days since 1970-01-01) as account_creation_date.
func dayString(day int64) string {
	return time.UnixMilli(day * dayMs).UTC().Format("2006-01-02")
}

// minuteFormatter formats tweet_time, remembering the last minute because
// consecutive rows mostly fall in the same one.
type minuteFormatter struct {
	minute int64
	s      string
}

func (f *minuteFormatter) format(ms int64) string {
	m := ms / 60000
	if m != f.minute || f.s == "" {
		f.minute = m
		f.s = time.UnixMilli(m * 60000).UTC().Format("2006-01-02 15:04")
	}
	return f.s
}

// preSnowflakeIDs maps creation days to the sequential user ids Twitter
// issued before user ids became snowflakes (late 2015); the points are read
// off the China 2019 release, so old accounts get plausibly small ids.
var preSnowflakeIDs = []struct {
	day string
	id  int64
}{
	{"2006-03-21", 12},
	{"2007-01-01", 5_000_000},
	{"2008-05-16", 14_797_528},
	{"2009-09-13", 73_880_730},
	{"2010-06-19", 157_258_476},
	{"2011-07-20", 339_311_442},
	{"2012-06-28", 620_912_741},
	{"2013-03-26", 1_305_947_982},
	{"2013-10-15", 1_963_028_330},
	{"2014-11-29", 2_914_062_932},
	{"2015-11-09", 4_150_070_595},
	{"2016-01-01", 4_700_000_000},
}

var snowflakeUsersFrom = mustDay("2016-01-01")

func mustDay(s string) int64 {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t.Unix() / 86400
}

// numericUserID is an id for an account created on day: a snowflake from
// 2016 on, before that an interpolation of the sequential ids.
func numericUserID(r *rand.Rand, day int64) string {
	if day >= snowflakeUsersFrom {
		ms := day*dayMs + r.Int64N(dayMs)
		return strconv.FormatUint(snowflake(ms, r.Uint64()), 10)
	}
	pts := preSnowflakeIDs
	for i := 1; i < len(pts); i++ {
		d0, d1 := mustDay(pts[i-1].day), mustDay(pts[i].day)
		if day < d1 || i == len(pts)-1 {
			day = max(day, d0)
			lo := pts[i-1].id + (pts[i].id-pts[i-1].id)*(day-d0)/(d1-d0)
			hi := pts[i-1].id + (pts[i].id-pts[i-1].id)*(day+1-d0)/(d1-d0)
			return strconv.FormatInt(lo+r.Int64N(max(hi-lo, 1)), 10)
		}
	}
	panic("unreachable")
}

// hashID imitates the release's salted hashes: base64 of 32 bytes. The real
// files also hold 41–43 character hashes that still end in "=", so a share
// of them lose a few characters, in the proportions of the China 2019 file;
// loaders must not assume a fixed length.
func hashID(r *rand.Rand) string {
	var b [32]byte
	for i := 0; i < len(b); i += 8 {
		v := r.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	s := base64.StdEncoding.EncodeToString(b[:])
	drop := 0
	switch p := r.IntN(1000); {
	case p < 10:
		drop = 3
	case p < 100:
		drop = 2
	case p < 460:
		drop = 1
	}
	if drop > 0 {
		at := r.IntN(len(s) - 1 - drop)
		s = s[:at] + s[at+drop:]
	}
	return s
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomToken(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[r.IntN(len(alnum))]
	}
	return string(b)
}

// tco is a shortened link as it appears in tweet text and profiles.
func tco(r *rand.Rand) string { return "https://t.co/" + randomToken(r, 10) }

// logUniform draws from [lo, hi] with roughly equal weight per doubling, so
// seconds and days are both common. It is integer-only: floating point
// exp/log may differ in the last bit between architectures, and output must
// be byte-identical everywhere.
func logUniform(r *rand.Rand, lo, hi int64) int64 {
	n := 0
	for lo<<(n+1) <= hi {
		n++
	}
	if n == 0 {
		return lo + r.Int64N(hi-lo+1)
	}
	k := r.IntN(n)
	a := lo << k
	b := a << 1
	if k == n-1 {
		b = hi
	}
	return a + r.Int64N(b-a+1)
}

// chance is true with probability permille/1000.
func chance(r *rand.Rand, permille int) bool { return r.IntN(1000) < permille }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
