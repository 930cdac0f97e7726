package querysize

import (
	"strings"
	"testing"
	"time"

	"github.com/iograph/iograph/internal/apperr"
)

func fields(n int, f string) string { return "{" + strings.Repeat(" "+f, n) + " }" }

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, doc, wantErr string
	}{
		{"small", "{ stats { nodes { label count } } }", ""},
		{"at the field limit", fields(MaxSelections, "__typename"), ""},
		{"over the field limit", fields(MaxSelections+1, "__typename"), "more than 2000 fields"},
		{"nested fields count", "{" + strings.Repeat(" a { b c }", MaxSelections/3+1) + " }", "more than 2000 fields"},
		{"fragment bomb 2^24", FragmentBomb(24), "more than 2000 fields"},
		{"fragment bomb 2^39", FragmentBomb(39), "more than 2000 fields"},
		{"fragment bomb 2^200 (would overflow)", FragmentBomb(200), "more than 2000 fields"},
		{"fragments count per spread", "{ ...F ...F ...F } fragment F on Query {" + strings.Repeat(" __typename", 700) + " }", "more than 2000 fields"},
		{"an unused fragment counts", "{ a } fragment F on Query {" + strings.Repeat(" __typename", MaxSelections) + " }", "more than 2000 fields"},
		{"every operation counts", "query A " + fields(1500, "a") + " query B " + fields(1500, "b"), "more than 2000 fields"},
		{"a fragment cycle stays finite", "{ ...A } fragment A on Query { a ...B } fragment B on Query { b ...A }", ""},
		{"unknown fragments count nothing", "{ ...Nope }", ""},
		{"too many tokens", fields(TokenLimit, "__typename"), "more than 10000 tokens"},
		{"a long alias", "{ " + strings.Repeat("x", MaxAliasBytes+1) + ": stats { nodes { label } } }", "alias is longer than 64 bytes"},
		{"a long field name is validation's to report", "{ " + strings.Repeat("x", 500) + " }", ""},
		{"syntax errors are the parser's to report", "{ stats { ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			err := Check(tc.doc)
			if took := time.Since(start); took > time.Second {
				t.Errorf("Check took %s", took)
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Check = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || apperr.KindOf(err) != apperr.LimitExceeded {
				t.Fatalf("Check = %v (%s), want LIMIT_EXCEEDED containing %q", err, apperr.KindOf(err), tc.wantErr)
			}
		})
	}
}
