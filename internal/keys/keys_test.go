package keys

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHandle(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"HKpoliticsnews", "hkpoliticsnews"},
		{"@HKpoliticsnews", "hkpoliticsnews"},
		{" @HKpoliticsnews ", "hkpoliticsnews"},
		{"@ @x", "x"},
		{"@@x", "x"},
		{"ctcc507", "ctcc507"},
		{"", ""},
		{"@", ""},
		{"Dream_andFuture", "dream_andfuture"},
		{"+AbCd", "+abcd"}, // a Telegram invite keeps its +
	} {
		if got := Handle(tc.in); got != tc.want {
			t.Errorf("Handle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHandleUID(t *testing.T) {
	if got := HandleUID("twitter", "@HKpoliticsnews"); got != "twitter:@hkpoliticsnews" {
		t.Errorf("HandleUID = %q", got)
	}
	for uid, want := range map[string]bool{
		"twitter:@hkpoliticsnews": true, "other:@medium.com/x": true, "twitter:123": false,
		"web:example.com": false, "@x": false, ":@x": false, "facebook:": false,
	} {
		if got := IsHandleUID(uid); got != want {
			t.Errorf("IsHandleUID(%q) = %v, want %v", uid, got, want)
		}
	}
}

func TestDomain(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"www.Tahlilroz.com", "tahlilroz.com"},
		{"Market.dedyn.io", "market.dedyn.io"},
		{"example.com.", "example.com"},
		{"example.com:8080", "example.com"},
		{"wwwexample.com", "wwwexample.com"},
		{"www.www.example.com", "example.com"},
		{"host :80", "host"},
		{"[a:1]:2", "a"},
	} {
		if got := Domain(tc.in); got != tc.want {
			t.Errorf("Domain(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDomainOf(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://www.Example.com/x", "example.com"},
		{" http://a.b ", "a.b"},
		{"https://example.com.:443/a", "example.com"},
		{"http://[::1]:8080/", "::1"},
		{"example.com/x", ""}, // no scheme: no host
		{"mailto:a@b", ""},
		{"://", ""},
	} {
		if got := DomainOf(tc.in); got != tc.want {
			t.Errorf("DomainOf(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{" https://t.co/AbC \r\n", "https://t.co/AbC"},
		{"https://www.Example.com/a?x=1", "https://www.Example.com/a?x=1"}, // as written
		{"http://A.b/x?=fb+\u3000", "http://A.b/x?=fb+\u3000"},             // only ASCII space is trimmed
		{"not a url", "not a url"},
	} {
		if got := URL(tc.in); got != tc.want {
			t.Errorf("URL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAssetKey(t *testing.T) {
	for _, tc := range []struct{ p, kind, site, handle, id, want string }{
		{"twitter", "account", "", "SaraSil39636921", "", "twitter:@sarasil39636921"},
		{"twitter", "account", "", "@SaraSil39636921", "", "twitter:@sarasil39636921"},
		{"twitter", "account", "", "SaraSil39636921", "123", "twitter:123"},
		{"youtube", "channel", "", "", "UCHa42HrKBenuE2BdmOHqlfA", "youtube:UCHa42HrKBenuE2BdmOHqlfA"},
		{"vk", "group", "", "", "-12345", "vk:-12345"},
		{"web", "website", "www.Example.com", "", "", "web:example.com"},
		{"other", "account", "medium.com", "Teamilk951", "", "other:@medium.com/teamilk951"},
		{"other", "group", "reddit.com", "meiguominzhu", "", "other:@reddit.com/group/meiguominzhu"},
		{"other", "group", "ok.ru", "", "70000005349948", "other:ok.ru/group/70000005349948"},
	} {
		if got := AssetKey(tc.p, tc.kind, tc.site, tc.handle, tc.id); got != tc.want {
			t.Errorf("AssetKey(%s,%s,%q,%q,%q) = %q, want %q", tc.p, tc.kind, tc.site, tc.handle, tc.id, got, tc.want)
		}
	}
}

func TestHandleKey(t *testing.T) {
	for _, tc := range []struct{ p, kind, site, handle, want string }{
		{"twitter", "account", "", "HKpoliticsnews", "twitter:@hkpoliticsnews"},
		{"facebook", "page", "", "HKpoliticsnews", "facebook:@hkpoliticsnews"},
		{"other", "account", "medium.com", "Who", "other:@medium.com/who"},
		{"web", "website", "example.com", "example.com", ""},
		{"twitter", "account", "", " @ ", ""},
	} {
		if got := HandleKey(tc.p, tc.kind, tc.site, tc.handle); got != tc.want {
			t.Errorf("HandleKey(%s,%s,%q,%q) = %q, want %q", tc.p, tc.kind, tc.site, tc.handle, got, tc.want)
		}
	}
	// The handle-only account and its Handle node share a key.
	if HandleKey("twitter", "account", "", "@X") != AssetKey("twitter", "account", "", "@X", "") {
		t.Error("HandleKey and AssetKey of a handle-only account differ")
	}
}

// FuzzKeys: every normaliser reaches a fixed point on any text, keeps valid
// UTF-8 valid, and the keys built from normalised parts are those built
// from the raw ones.
func FuzzKeys(f *testing.F) {
	for _, s := range []string{"@HKpoliticsnews", " @ @X ", "HTTPS://WWW.Example.COM:8080/P?q#f", " https://u:P@Ex.com/\t", "www.www.Example.com.",
		"host :80", "[a:1]:2", "http://[::1]:80/", "İstanbul", "ǅ", "\xff@A", "medium.com/@Who", strings.Repeat("@", 50) + "x", "a/b://C"} {
		f.Add(s, "twitter")
	}
	f.Add("Name", "other")
	f.Add("example.com", "web")
	f.Fuzz(func(t *testing.T, s, platform string) {
		h := Handle(s)
		if Handle(h) != h || h != strings.TrimSpace(h) || strings.HasPrefix(h, "@") {
			t.Fatalf("Handle(%q) = %q, again %q", s, h, Handle(h))
		}
		if d := Domain(s); Domain(d) != d || d != strings.ToLower(d) && utf8.ValidString(s) {
			t.Fatalf("Domain(%q) = %q, again %q", s, d, Domain(d))
		}
		if d := DomainOf(s); d != Domain(d) {
			t.Fatalf("DomainOf(%q) = %q, not a normalised domain", s, d)
		}
		u := URL(s)
		if URL(u) != u || !strings.Contains(s, u) {
			t.Fatalf("URL(%q) = %q, again %q", s, u, URL(u))
		}
		if DomainOf(u) != DomainOf(s) {
			t.Fatalf("URL(%q) = %q changed its domain %q to %q", s, u, DomainOf(s), DomainOf(u))
		}
		if utf8.ValidString(s) && (!utf8.ValidString(h) || !utf8.ValidString(u) || !utf8.ValidString(Domain(s))) {
			t.Fatalf("%q: a normaliser made invalid UTF-8", s)
		}
		if k := HandleUID(platform, s); k != HandleUID(platform, h) || !strings.HasPrefix(k, platform+":@") {
			t.Fatalf("HandleUID(%q, %q) = %q, of the normalised handle %q", platform, s, k, HandleUID(platform, h))
		}
		if k := AssetKey(platform, "account", "", s, ""); platform != platformWeb && platform != platformOther && k != HandleUID(platform, s) {
			t.Fatalf("AssetKey(%q, handle %q) = %q, not its HandleUID", platform, s, k)
		}
		if k := HandleKey(platform, "account", "", s); k != "" && k != AssetKey(platform, "account", "", s, "") {
			t.Fatalf("HandleKey(%q, %q) = %q", platform, s, k)
		}
	})
}
