package store

import (
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/apperr"
)

func TestLuceneQuery(t *testing.T) {
	for _, tc := range []struct {
		name, text, want, wantErr string
	}{
		{"a word", "news", "news", ""},
		{"a prefix", "hong*", "hong*", ""},
		{"a phrase", `"fake news"`, `"fake news"`, ""},
		{"a field", "name:ctcc*", "name:ctcc*", ""},
		{"a field with a phrase", `Handle:"a b"`, `handle:"a b"`, ""},
		{"words are ORed", "  hong   kong ", "hong kong", ""},
		{"an unknown field is text", "uid:x", `uid\:x`, ""},
		{"match-all is text", "*:*", "", "at least 3 characters before the *"},
		{"a leading wildcard is text", "*news", `\*news`, ""},
		{"an inner wildcard is text", "n?ws ne*s", `n\?ws ne\*s`, ""},
		{"fuzzy is text", "news~2", `news\~2`, ""},
		{"a regex is text", "/.*a.*/", `\/.\*a.\*\/`, ""},
		{"a range is text", "[a TO z]", `\[a to z\]`, ""},
		{"boosts and groups are text", "(a^9)", `\(a\^9\)`, ""},
		{"operators are words", "a AND b OR NOT c", "a and b or not c", ""},
		{"operator characters are text", "&& || !e +f -g", `\&\& \|\| \!e \+f \-g`, ""},
		{"a backslash is text", `a\b`, `a\\b`, ""},
		{"a backslash in a phrase is text", `"a\b c"`, `"a\\b c"`, ""},
		{"a phrase ends at the next quote", `"a \"b c"`, `"a \\" b c\"`, ""},
		{"an unclosed phrase runs to the end", `"a b`, `"a b"`, ""},
		{"a prefix keeps its escapes", "a-b*", `a\-b*`, ""},
		{"many stars are one prefix", "hong***", "hong*", ""},
		{"the shortest prefix", "hon*", "hon*", ""},
		{"too short a prefix", "ho*", "", "at least 3 characters before the *"},
		{"too short a prefix", "h*", "", "at least 3 characters before the *"},
		{"only stars", "***", "", "at least 3 characters before the *"},
		{"nothing but an empty phrase", `""`, "", "no words"},
		{"ten terms", strings.Repeat("a ", MaxSearchTerms), strings.TrimSpace(strings.Repeat("a ", MaxSearchTerms)), ""},
		{"eleven terms", strings.Repeat("a ", MaxSearchTerms+1), "", "more than 10 words"},
		{"200 characters", strings.Repeat("x", MaxSearchChars), strings.Repeat("x", MaxSearchChars), ""},
		{"201 characters", strings.Repeat("x", MaxSearchChars+1), "", "has 201 characters; at most 200"},
		{"9 MB", strings.Repeat("a* ", 3<<20), "", "at most 200"},
		{"characters, not bytes", strings.Repeat("香", MaxSearchChars), strings.Repeat("香", MaxSearchChars), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := luceneQuery(tc.text)
			if tc.wantErr != "" {
				if err == nil || apperr.KindOf(err) != apperr.BadInput || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("luceneQuery = %q, %v; want BAD_INPUT containing %q", got, err, tc.wantErr)
				}
				if len(apperr.Message(err)) > 200 {
					t.Fatalf("message of %d bytes", len(apperr.Message(err)))
				}
				return
			}
			if tc.want == "" { // only: no error
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("luceneQuery(%q) = %q, %v; want %q", tc.text, got, err, tc.want)
			}
		})
	}
}
