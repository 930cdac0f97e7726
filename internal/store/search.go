package store

import (
	"strings"
	"unicode"

	"github.com/iograph/iograph/internal/apperr"
)

// Limits of a full-text search. Lucene runs inside Neo4j's procedure, where
// neither the transaction timeout nor a cancelled request reaches it: a
// 9 MB query string ran for minutes after its client left. So the query
// Lucene sees is built here, small and of cheap parts only.
const (
	MaxSearchChars = 200 // characters of search text
	MaxSearchTerms = 10  // words and phrases
	MinPrefixChars = 3   // characters before a trailing * (`hon*`, not `h*`)
)

// searchFields are the fields of the account_search index a term may name
// (`name:ctcc*`).
var searchFields = map[string]bool{"handle": true, "name": true, "description": true}

// luceneQuery turns search text into a Lucene query that cannot run away.
// The text is words, "quoted phrases" and words ending in * (a prefix of at
// least MinPrefixChars characters), each optionally preceded by handle:,
// name: or description:. Everything else Lucene would read as syntax
// (leading or inner wildcards, fuzzy ~, /regex/, ranges, boosts, boolean
// operators, grouping) is escaped and matched as text. Any term may match
// (Lucene's OR). Too long or too many terms is BAD_INPUT.
func luceneQuery(text string) (string, error) {
	if n := len([]rune(text)); n > MaxSearchChars {
		return "", apperr.New(apperr.BadInput, "the search text has %d characters; at most %d", n, MaxSearchChars)
	}
	var terms []string
	rest := []rune(text)
	for {
		for len(rest) > 0 && unicode.IsSpace(rest[0]) {
			rest = rest[1:]
		}
		if len(rest) == 0 {
			break
		}
		field := ""
		if i := indexRune(rest, ':'); i > 0 && searchFields[strings.ToLower(string(rest[:i]))] {
			field, rest = strings.ToLower(string(rest[:i]))+":", rest[i+1:]
		}
		var term string
		var err error
		if len(rest) > 0 && rest[0] == '"' {
			end := indexRune(rest[1:], '"')
			if end < 0 {
				end = len(rest) - 1 // an unclosed phrase runs to the end
			}
			term, rest = phrase(rest[1:1+end]), rest[min(len(rest), end+2):]
		} else {
			end := 0
			for end < len(rest) && !unicode.IsSpace(rest[end]) {
				end++
			}
			term, err = word(rest[:end])
			rest = rest[end:]
		}
		if err != nil {
			return "", err
		}
		if term == "" {
			continue
		}
		terms = append(terms, field+term)
		if len(terms) > MaxSearchTerms {
			return "", apperr.New(apperr.BadInput, "the search has more than %d words and phrases", MaxSearchTerms)
		}
	}
	if len(terms) == 0 {
		return "", apperr.New(apperr.BadInput, "the search text has no words")
	}
	return strings.Join(terms, " "), nil
}

// word is one word, escaped; a trailing * makes it a prefix search.
func word(w []rune) (string, error) {
	prefix := false
	for len(w) > 0 && w[len(w)-1] == '*' {
		w, prefix = w[:len(w)-1], true
	}
	if prefix && len(w) < MinPrefixChars {
		return "", apperr.New(apperr.BadInput, "a prefix search needs at least %d characters before the *", MinPrefixChars)
	}
	if len(w) == 0 {
		return "", nil
	}
	s := escape(w)
	if !prefix {
		switch s {
		case "AND", "OR", "NOT", "TO": // operators to Lucene; words to an analyst
			s = strings.ToLower(s)
		}
	}
	if prefix {
		s += "*"
	}
	return s, nil
}

// phrase is a quoted phrase: inside quotes only " and \ mean anything.
func phrase(p []rune) string {
	var b strings.Builder
	for _, r := range p {
		if r == '"' || r == '\\' {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	if strings.TrimSpace(b.String()) == "" {
		return ""
	}
	return `"` + b.String() + `"`
}

// escape backslash-escapes every character Lucene's classic query parser
// reads as syntax.
func escape(w []rune) string {
	var b strings.Builder
	for _, r := range w {
		if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/`, r) {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}
