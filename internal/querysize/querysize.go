// Package querysize refuses GraphQL documents too large to validate safely,
// before they are validated. gqlparser's validation compares every pair of
// fields that share a response name (OverlappingFieldsCanBeMerged), so its
// cost grows with the square of the fields: 5,000 `__typename` take a second
// of CPU, 20,000 take 20 s. And a chain of fragments that each spread the
// previous one twice is 1 KB of text that expands to 2^39 fields in any
// walker that follows spreads. Check counts fields with each fragment's
// count computed once, so both are refused in microseconds.
package querysize

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/iograph/iograph/internal/apperr"
)

const (
	// TokenLimit bounds the tokens of a document (GraphiQL's introspection
	// query has about 300), so parsing a 1 MB body stops early.
	TokenLimit = 10_000
	// MaxSelections bounds the fields of a document (aliases included),
	// counted as executed: a fragment counts as often as it is spread. Its
	// validation costs at most ~0.2 s of CPU on a small server.
	MaxSelections = 2_000
	// MaxAliasBytes bounds an alias, which error paths and answers repeat.
	MaxAliasBytes = 64
)

// Check parses doc with the token limit and refuses it (LIMIT_EXCEEDED) when
// it is over a limit. A document that does not parse passes: the caller's
// parser reports where it fails.
func Check(doc string) error {
	q, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: doc}, TokenLimit)
	if err != nil {
		var gerr *gqlerror.Error
		if errors.As(err, &gerr) && strings.HasPrefix(gerr.Message, "exceeded token limit") {
			return apperr.New(apperr.LimitExceeded, "the document has more than %d tokens", TokenLimit)
		}
		return nil
	}
	return CheckParsed(q)
}

// CheckParsed is Check for a parsed document: the fields of every operation
// and of every fragment no operation spreads (validation walks those too)
// may number at most MaxSelections, and no alias may be longer than
// MaxAliasBytes.
func CheckParsed(q *ast.QueryDocument) error {
	c := counter{frags: make(map[string]*ast.FragmentDefinition, len(q.Fragments)), memo: map[string]int{}}
	for _, f := range q.Fragments {
		if _, dup := c.frags[f.Name]; !dup { // duplicates are a validation error
			c.frags[f.Name] = f
		}
	}
	total := 0
	for _, op := range q.Operations {
		total = c.add(total, c.set(op.SelectionSet))
	}
	for _, f := range q.Fragments {
		if _, counted := c.memo[f.Name]; !counted {
			total = c.add(total, c.fragment(f.Name))
		}
	}
	if c.longAlias {
		return apperr.New(apperr.LimitExceeded, "an alias is longer than %d bytes", MaxAliasBytes)
	}
	if total > MaxSelections {
		return apperr.New(apperr.LimitExceeded, "the document selects more than %d fields (fragments count each time they are spread)", MaxSelections)
	}
	return nil
}

// counter counts fields, each fragment once: its count is kept in memo and
// reused at every spread. Counts saturate just above MaxSelections, which
// keeps them exact up to the limit and finite beyond it.
type counter struct {
	frags     map[string]*ast.FragmentDefinition
	memo      map[string]int
	longAlias bool
}

const over = MaxSelections + 1

func (c *counter) add(a, b int) int { return min(a+b, over) }

func (c *counter) set(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != s.Name && len(s.Alias) > MaxAliasBytes { // a long name fails validation
				c.longAlias = true
			}
			n = c.add(n, c.add(1, c.set(s.SelectionSet)))
		case *ast.InlineFragment:
			n = c.add(n, c.set(s.SelectionSet))
		case *ast.FragmentSpread:
			n = c.add(n, c.fragment(s.Name))
		}
	}
	return n
}

func (c *counter) fragment(name string) int {
	if n, ok := c.memo[name]; ok {
		return n
	}
	f := c.frags[name]
	if f == nil {
		return 0 // unknown: validation reports it
	}
	c.memo[name] = 0 // a cycle (a validation error) counts nothing more
	n := c.set(f.SelectionSet)
	c.memo[name] = n
	return n
}

// FragmentBomb is the document this package exists to refuse, for tests: a
// chain of n fragments, each spreading the previous one twice, n lines that
// expand to 2^n fields.
func FragmentBomb(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "query { ...F%d }\nfragment F0 on Query { __typename }\n", n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	return b.String()
}
