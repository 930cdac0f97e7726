package metacib

import (
	"math/big"
	"regexp"
	"strings"

	"github.com/iograph/iograph/internal/model"
)

var reCount = regexp.MustCompile(`(?i)^(\d{1,3}(?:,\d{3})+|\d+)\s+(?:(facebook|instagram|x|twitter|youtube|tiktok|telegram|vk)\s+)?` +
	`(accounts?|acc?ou?nts?|pages?|groups?|channels?|profiles?)\.?$`)

var nounKinds = map[byte]model.AssetKind{'a': model.KindAccount, 'p': model.KindPage, 'g': model.KindGroup, 'c': model.KindChannel}

// ParseCount reads an asset count such as "63 accounts", "1,234 Pages" or
// "117 Facebook accounts" (and the files' "15 acounts"). The platform is
// returned only when the text names one; otherwise the row's procedure
// decides. ok is false for anything that is not exactly a count, so prose
// that happens to start with a number is never mistaken for one.
func ParseCount(text string) (n int, kind model.AssetKind, platform model.Platform, ok bool) {
	m := reCount.FindStringSubmatch(cleanCell(text))
	if m == nil {
		return 0, "", "", false
	}
	v, ok := parseNumber(m[1], "")
	if !ok || !v.IsInt64() || v.Int64() > 1<<31-1 {
		return 0, "", "", false
	}
	noun := strings.ToLower(m[3])
	kind = nounKinds[noun[0]]
	if strings.HasPrefix(noun, "profile") {
		kind = model.KindAccount
	}
	if m[2] != "" {
		platform = platformWord(m[2])
	}
	return int(v.Int64()), kind, platform, true
}

func platformWord(w string) model.Platform {
	switch strings.ToLower(w) {
	case "facebook":
		return model.PlatformFacebook
	case "instagram":
		return model.PlatformInstagram
	case "x", "twitter":
		return model.PlatformTwitter
	case "youtube":
		return model.PlatformYouTube
	case "tiktok":
		return model.PlatformTikTok
	case "telegram":
		return model.PlatformTelegram
	case "vk":
		return model.PlatformVK
	}
	return model.PlatformOther
}

// parseNumber reads "7,800", "1326" or "1.9" with an optional "million" or
// "thousand". Thousands separators must be well placed ("1,23" is not a
// number) and the result must be whole, so a value that cannot be read
// exactly gives no number rather than a wrong one.
func parseNumber(digits, scale string) (*big.Int, bool) {
	if strings.Contains(digits, ",") && !reGrouped.MatchString(digits) {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(strings.ReplaceAll(digits, ",", ""))
	if !ok {
		return nil, false
	}
	switch strings.ToLower(scale) {
	case "million", "m", "mn":
		r.Mul(r, big.NewRat(1_000_000, 1))
	case "thousand", "k":
		r.Mul(r, big.NewRat(1_000, 1))
	case "billion", "bn":
		r.Mul(r, big.NewRat(1_000_000_000, 1))
	}
	if !r.IsInt() {
		return nil, false
	}
	return r.Num(), true
}

var reGrouped = regexp.MustCompile(`^\d{1,3}(,\d{3})+(\.\d+)?$`)

const qualifiers = `about|around|approximately|approx\.|roughly|nearly|almost|over|more than|less than|fewer than|under|up to|at least|some|an estimated|est\.`

var (
	reMoney = regexp.MustCompile(`(?i)(?:\b(` + qualifiers + `)\s+)?` +
		`(?:(US\$|\$|€|£)\s*(\d[\d,]*(?:\.\d+)?|x+)(?:\s*(million|thousand|billion|mn|bn|k|m)\b)?` +
		`|(\d[\d,]*(?:\.\d+)?|x+)\s*(million|thousand|billion)?\s*(USD|EUR|GBP|US dollars|dollars|euros)\b)`)
	reAudienceN = regexp.MustCompile(`(?i)(?:\b(` + qualifiers + `)\s+)?\b(no|\d[\d,]*(?:\.\d+)?|x+)\s*(million|thousand)?\s+(?:accounts?|users?|people|profiles?|followers|members)\b`)
	rePaidIn    = regexp.MustCompile(`(?i)paid for (?:mostly |primarily |largely |mainly |mostly or entirely )?in ([^.;]+)`)
	reXX        = regexp.MustCompile(`(?i)^x+$`)
)

var currencySymbols = map[string]string{
	"$": "USD", "us$": "USD", "usd": "USD", "us dollars": "USD", "dollars": "USD",
	"€": "EUR", "eur": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
}

// Amount is a number read from Meta's prose with the hedge it came with.
type Amount struct {
	Value     *int64 // nil when the text gives none ("Around $xx", "several thousand")
	Qualifier string // "about", "around", "less than", ...; "" when stated exactly
	Currency  string // ISO code, for money
}

// ParseAdSpend reads "About $73,600 in spending for ads ..." and
// "About 20 USD in spending ...". Meta states ad spend in US dollars
// whatever currency paid it, so "$" is USD; PaidIn keeps the currencies
// the ads were paid in. Placeholders such as "$xx" give no value.
func ParseAdSpend(text string) (a Amount, paidIn string, ok bool) {
	t := cleanCell(text)
	if m := rePaidIn.FindStringSubmatch(t); m != nil {
		paidIn = strings.TrimSpace(m[1])
		if i := strings.Index(strings.ToLower(paidIn), " with "); i >= 0 {
			paidIn = paidIn[:i]
		}
		paidIn = strings.TrimSuffix(strings.TrimSpace(paidIn), ",")
		if reXX.MatchString(paidIn) {
			paidIn = ""
		}
	}
	m := reMoney.FindStringSubmatch(t)
	if m == nil {
		return Amount{}, paidIn, false
	}
	a.Qualifier = normQualifier(m[1])
	digits, scale, cur := m[3], m[4], m[2]
	if digits == "" {
		digits, scale, cur = m[5], m[6], m[7]
	}
	a.Currency = currencySymbols[strings.ToLower(cur)]
	if !reXX.MatchString(digits) {
		if v, ok := parseNumber(digits, scale); ok && v.IsInt64() {
			n := v.Int64()
			a.Value = &n
		}
	}
	return a, paidIn, true
}

// ParseAudience reads "About 7,800 accounts followed one or more of these
// Pages", "Around 1 million accounts joined ...", "No accounts followed
// ..." (zero) and "less than 100 accounts joined this Group".
func ParseAudience(text string) (Amount, bool) {
	m := reAudienceN.FindStringSubmatch(cleanCell(text))
	if m == nil {
		return Amount{}, false
	}
	a := Amount{Qualifier: normQualifier(m[1])}
	switch {
	case strings.EqualFold(m[2], "no"):
		var zero int64
		a.Value = &zero
	case reXX.MatchString(m[2]):
	default:
		if v, ok := parseNumber(m[2], m[3]); ok && v.IsInt64() {
			n := v.Int64()
			a.Value = &n
		}
	}
	return a, true
}

func normQualifier(q string) string {
	q = strings.ToLower(strings.Join(strings.Fields(q), " "))
	switch q {
	case "approx.":
		return "approximately"
	case "est.", "an estimated":
		return "estimated"
	}
	return q
}
