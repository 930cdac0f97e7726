package links

import (
	"strings"
	"testing"
)

// FuzzDomainOf: a URL's domain, compared everywhere in this form, is lower
// case and has no surrounding space, whatever the text.
func FuzzDomainOf(f *testing.F) {
	for _, s := range []string{"https://www.Example.com/x", "http://[::1]:8080/", "//host", "mailto:a@b", "http://WWW.WWW.x", "https://xn--80ak6aa92e.com", " http://a.b "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		d := DomainOf(raw)
		if d != strings.ToLower(d) || d != strings.TrimSpace(d) {
			t.Fatalf("DomainOf(%q) = %q", raw, d)
		}
	})
}
