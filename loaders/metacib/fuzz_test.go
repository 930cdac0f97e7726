package metacib

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/loadertest"
)

// FuzzParse parses arbitrary disclosure files of both schemas: every row is
// counted once, and every asset kept has keys Neo4j can index.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(loadertest.Demo + "/meta-threat-research/*.csv")
	more, _ := filepath.Glob("testdata/*.csv")
	for _, p := range append(files, more...) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 8192)])
	}
	f.Add([]byte("tactic,technique,procedure,indicator\n0.9.1,x,0.9.1 Acquiring Facebook pages,hxxps://facebook[.]com/" + strings.Repeat("a", 9000) + "\n"))
	f.Add([]byte("indicator_type,indicator_value,comment,ds\ndomain_name,\x00bad[.]com,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rejects := 0
		file, err := Parse(loaders.Limit(bytes.NewReader(data), 16<<10), "Q1_2023__Q1_2023_Fuzz-based_CIB_network.csv", func(loaders.Reject) error {
			rejects++
			return nil
		})
		if err != nil {
			return
		}
		if rejects != file.Rejects || file.Rejects+file.Blank > file.Rows {
			t.Fatalf("%d rows, %d blank, %d rejects (%d reported)", file.Rows, file.Blank, file.Rejects, rejects)
		}
		for _, a := range file.Assets {
			if a.Key == "" {
				t.Fatalf("asset without a key at line %d", a.Line)
			}
			loadertest.IndexableKeys(t, loaders.Key{Column: "key", Value: a.Key},
				loaders.Key{Column: "handle", Value: strings.ToLower(strings.TrimPrefix(a.Handle, "@"))}, loaders.Key{Column: "domain", Value: a.Domain})
		}
	})
}

// FuzzURL runs the defang and URL parsing on any text: refanging only
// removes marks, and a parsed URL's domain and URL are normalised
// (internal/keys fuzzes the normalisers themselves).
func FuzzURL(f *testing.F) {
	for _, s := range []string{"hxxps://t[.]me/x", "hXXp://www[.]Example[.]com:8080/a?b=c", "https://facebook.com/profile.php?id=100", "t[.]/RGUD_bot",
		"https://www.youtube.com/@name", "medium[.]com/@who", "http://[::1]:80/", "WWW.EXAMPLE.COM.", "h**ps://a[dot]b", "https://vk.com/club1",
		"https://x.com/a/status/1", "https://tiktok.com/@a/video/1", "user@mail[.]ru", "#tag", strings.Repeat("[.]", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := Refang(s)
		if len(r) > len(s) {
			t.Fatalf("Refang(%q) = %q grew", s, r)
		}
		if info, ok := ParseURL(r); ok && (info.Domain != keys.Domain(info.Domain) || info.URL != keys.URL(info.URL)) {
			t.Fatalf("ParseURL(%q) domain %q, URL %q: not normalised", r, info.Domain, info.URL)
		}
		_ = classifyToken(r)
		_, _, _, _ = ParseCount(s)
		_, _ = ParseAudience(s)
		_, _, _ = ParseAdSpend(s)
	})
}

// An asset whose key or handle would be too large for Neo4j's index is a
// reject of its row, with the indicator column; the rows around it parse.
func TestAssetsTooLargeAreRejects(t *testing.T) {
	long := strings.Repeat("k", loaders.MaxIndexedBytes)
	for _, tc := range []struct{ file, column string }{
		{"indicator_type,indicator_value,comment,ds\ncib_url,hxxps://facebook[.]com/ok,,\ncib_url,hxxps://facebook[.]com/" + long + ",,\n", "indicator_value"},
		{"tactic,technique,procedure,indicator\n0.9,x,0.9.1 Acquiring Facebook pages,hxxps://facebook[.]com/ok\n0.9,x,0.9.1 Acquiring Facebook pages,hxxps://facebook[.]com/" + long + "\n", "indicator"},
	} {
		var rejects []loaders.Reject
		f, err := Parse(strings.NewReader(tc.file), "Q1_2023__Q1_2023_Test-based_CIB_network.csv", func(r loaders.Reject) error {
			rejects = append(rejects, r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(rejects) != 1 || rejects[0].Column != tc.column || rejects[0].Line != 3 || !strings.HasPrefix(rejects[0].Reason, loaders.CodeTooLarge) || len(f.Assets) != 1 {
			t.Errorf("rejects %+v, %d assets; want one %s at line 3 and one asset", rejects, len(f.Assets), loaders.CodeTooLarge)
		}
	}
}
