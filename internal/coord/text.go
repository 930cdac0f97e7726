package coord

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinTextLength is the shortest normalised text the TEXT signal compares:
// shorter ones ("lol", "thank you") are shared by chance too often to mean
// coordination.
const MinTextLength = 20

// NormalizeText is the object of the TEXT signal. Copy-pasted campaign
// messages differ in what the platform or a bot adds around them, so two
// texts are the same when they match after lower-casing and dropping a
// leading "RT @x:", URLs, @mentions and punctuation (a hashtag keeps its
// word), with runs of spaces collapsed. It returns "" for texts shorter than
// MinTextLength runes after that.
func NormalizeText(s string) string {
	var b strings.Builder
	space := true // drop leading spaces
	fields := strings.Fields(strings.ToLower(s))
	for i, f := range fields {
		if i == 0 && f == "rt" && len(fields) > 1 && strings.HasPrefix(fields[1], "@") {
			continue
		}
		if strings.HasPrefix(f, "@") || strings.HasPrefix(f, "http://") || strings.HasPrefix(f, "https://") || strings.HasPrefix(f, "www.") {
			continue
		}
		for _, r := range f {
			if unicode.IsLetter(r) || unicode.IsNumber(r) {
				b.WriteRune(r)
				space = false
			} else if !space {
				b.WriteByte(' ')
				space = true
			}
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	out := strings.TrimRight(b.String(), " ")
	if utf8.RuneCountInString(out) < MinTextLength {
		return ""
	}
	return out
}
