package metacib

import (
	"net"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// defangs are the spellings threat-intel writers use to stop a URL from being
// clickable. The files use [.], [:], {:}, [at] and hxxp(s); the rest are the
// usual variants, kept so a new release with another habit still parses.
var defangs = strings.NewReplacer(
	"[://]", "://",
	"[.]", ".", "(.)", ".", "{.}", ".", "[dot]", ".", "(dot)", ".", "{dot}", ".", "[DOT]", ".",
	"[:]", ":", "(:)", ":", "{:}", ":",
	"[/]", "/",
	"[at]", "@", "(at)", "@", "{at}", "@", "[@]", "@", "[AT]", "@",
)

var hxxp = regexp.MustCompile(`(?i)\bh(?:xx|\*\*|XX)p(s?)(://|:)`)

// Refang restores a defanged indicator ("hxxps://t[.]me/x" ->
// "https://t.me/x"). It only undoes defanging marks and leaves every other
// character alone, so prose passed through it stays readable.
func Refang(s string) string {
	s = defangs.Replace(s)
	return hxxp.ReplaceAllString(s, "http$1$2")
}

// tokenKind is what a single whitespace-free indicator value is.
type tokenKind int

const (
	tokText tokenKind = iota // a word or name, not machine-readable
	tokURL                   // a URL or a bare host[/path]
	tokIP
	tokEmail
	tokHashtag
	tokMD5
	tokSHA1
	tokSHA256
)

var (
	reEmail   = regexp.MustCompile(`^[^@\s/]+@([^@\s/]+)$`)
	reHex     = regexp.MustCompile(`^[0-9a-fA-F]+$`)
	reHashtag = regexp.MustCompile(`^#[\pL\pN_]+$`)
	reScheme  = regexp.MustCompile(`(?i)^[a-z][a-z0-9+.-]*://`)
)

// classifyToken says what a refanged, trimmed value is. Values holding
// whitespace are prose and never reach here.
func classifyToken(s string) tokenKind {
	switch {
	case s == "":
		return tokText
	case reHashtag.MatchString(s):
		return tokHashtag
	case net.ParseIP(s) != nil:
		return tokIP
	}
	if reHex.MatchString(s) {
		switch len(s) {
		case 32:
			return tokMD5
		case 40:
			return tokSHA1
		case 64:
			return tokSHA256
		}
	}
	if m := reEmail.FindStringSubmatch(s); m != nil && validHost(m[1]) {
		return tokEmail
	}
	if _, ok := parseLooseURL(s); ok {
		return tokURL
	}
	return tokText
}

// parseLooseURL accepts "https://host/path" and the scheme-less "host/path"
// the files often use, and returns the URL with a scheme. A value without a
// dot in its host ("Hondurasleaks") or with an empty label ("t./RGUD_bot")
// is not a URL.
func parseLooseURL(s string) (*url.URL, bool) {
	if !reScheme.MatchString(s) {
		if strings.ContainsAny(s, ":@") && !strings.Contains(s, "/") {
			return nil, false
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, false
	}
	if u.User != nil || !validHost(u.Hostname()) {
		return nil, false
	}
	return u, true
}

// validHost accepts DNS names with at least two labels and an alphabetic
// top-level label, and IP addresses.
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	h = strings.TrimSuffix(h, ".")
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if r != '-' && r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.HasPrefix(strings.ToLower(tld), "xn--") {
		return true
	}
	if len([]rune(tld)) < 2 {
		return false
	}
	for _, r := range tld {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// cleanCell trims a cell and folds the stray tabs and line breaks that come
// from copying tables out of PDF reports.
func cleanCell(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
