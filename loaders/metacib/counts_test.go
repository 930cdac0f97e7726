package metacib

import (
	"testing"

	"github.com/iograph/iograph/internal/model"
)

// The count texts found in the files, and near misses that must not count.
func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in       string
		ok       bool
		n        int
		kind     model.AssetKind
		platform model.Platform
	}{
		{"63 accounts", true, 63, model.KindAccount, ""},
		{"44 Pages", true, 44, model.KindPage, ""},
		{"28 Groups", true, 28, model.KindGroup, ""},
		{"52 Accounts", true, 52, model.KindAccount, ""},
		{"1 Group", true, 1, model.KindGroup, ""},
		{"1 group", true, 1, model.KindGroup, ""},
		{"1 Groups ", true, 1, model.KindGroup, ""},
		{"1 Page", true, 1, model.KindPage, ""},
		{"1 account", true, 1, model.KindAccount, ""},
		{"1,234 Pages", true, 1234, model.KindPage, ""},
		{"4,789 accounts", true, 4789, model.KindAccount, ""},
		{"1326 accounts", true, 1326, model.KindAccount, ""},
		{"15 acounts", true, 15, model.KindAccount, ""},
		{"117 Facebook accounts", true, 117, model.KindAccount, model.PlatformFacebook},
		{"954 Facebook Pages", true, 954, model.KindPage, model.PlatformFacebook},
		{"18 Instagram accounts", true, 18, model.KindAccount, model.PlatformInstagram},
		{"3 YouTube channels", true, 3, model.KindChannel, model.PlatformYouTube},
		{"12 Groups ", true, 12, model.KindGroup, ""},
		{"1,23 accounts", false, 0, "", ""},
		{"About 7,800 accounts followed one or more of these Pages", false, 0, "", ""},
		{"The network used compromised accounts", false, 0, "", ""},
		{"https://twitter[.]com/x", false, 0, "", ""},
		{"63 accounts and 4 Pages", false, 0, "", ""},
	} {
		n, kind, platform, ok := ParseCount(tc.in)
		if ok != tc.ok || n != tc.n || kind != tc.kind || platform != tc.platform {
			t.Errorf("ParseCount(%q) = %d %q %q %v, want %d %q %q %v", tc.in, n, kind, platform, ok, tc.n, tc.kind, tc.platform, tc.ok)
		}
	}
}

func ptr(n int64) *int64 { return &n }

func sameValue(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func show(v *int64) any {
	if v == nil {
		return "nil"
	}
	return *v
}

func TestParseAudience(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ok   bool
		v    *int64
		qual string
	}{
		{"About 7,800 accounts followed one or more of these Pages", true, ptr(7800), "about"},
		{"about 2,300 accounts followed this Instagram account", true, ptr(2300), "about"},
		{" around 1,200 accounts joined this Group", true, ptr(1200), "around"},
		{"Around 25 users joined the Group", true, ptr(25), "around"},
		{"About 1.9 million accounts followed one or more of these Pages", true, ptr(1_900_000), "about"},
		{"Around 1 million accounts joined one or more of these Groups", true, ptr(1_000_000), "around"},
		{"less than 100 accounts joined this Group", true, ptr(100), "less than"},
		{"5,200 accounts followed one or more of these Instagram accounts.", true, ptr(5200), ""},
		{"No accounts followed these Instagram accounts.", true, ptr(0), ""},
		{"About 1 account followed one or more of these Groups.", true, ptr(1), "about"},
		{"About 32,000 accounts followed one or more of these Pages, including a portion of inauthentic accounts in Brazil", true, ptr(32000), "about"},
		{"About 335,000 accounts followed one or more of these Instagram accounts.The vast majority", true, ptr(335000), "about"},
		{"Around xx accounts followed these Pages", true, nil, "around"},
		{"About 1,23 accounts followed", true, nil, "about"},
		{"Many accounts followed these Pages", false, nil, ""},
	} {
		a, ok := ParseAudience(tc.in)
		if ok != tc.ok || !sameValue(a.Value, tc.v) || a.Qualifier != tc.qual {
			t.Errorf("ParseAudience(%q) = %v %q %v, want %v %q %v", tc.in, show(a.Value), a.Qualifier, ok, show(tc.v), tc.qual, tc.ok)
		}
	}
}

func TestParseAdSpend(t *testing.T) {
	for _, tc := range []struct {
		in       string
		ok       bool
		v        *int64
		qual     string
		currency string
		paidIn   string
	}{
		{"About $73,600 in spending for ads on Facebook and Instagram, paid for mostly in US Dollars.", true, ptr(73600), "about", "USD", "US Dollars"},
		{"About 20 USD in spending for ads on Facebook, paid for in US Dollars\n\n", true, ptr(20), "about", "USD", "US Dollars"},
		{"Around $1.2 million in spending for ads on Facebook, paid for mostly in Vietnamese dongs.\n", true, ptr(1_200_000), "around", "USD", "Vietnamese dongs"},
		{"About $21,000 in ad spend on Facebook and Instagram", true, ptr(21000), "about", "USD", ""},
		{"Around $35,000 in spending for ads on Facebook, paid for mostly in US dollars with the vast majority focused on Ukraine", true, ptr(35000), "around", "USD", "US dollars"},
		{"Network operators engaged in around $300 in spending for ads", true, ptr(300), "around", "USD", ""},
		{"About $70 in spending for ads, paid for primarily in US and Canadian dollars.", true, ptr(70), "about", "USD", "US and Canadian dollars"},
		{"About $4,000  in spending for ads on Facebook, paid for mostly in US Dollars", true, ptr(4000), "about", "USD", "US Dollars"},
		{"Around $xx in spending for ads, paid for mostly in xx", true, nil, "around", "USD", ""},
		{"Less than $100 in spending for ads", true, ptr(100), "less than", "USD", ""},
		{"About €5,000 in spending for ads", true, ptr(5000), "about", "EUR", ""},
		{"About $0.5 in spending", true, nil, "about", "USD", ""},
		{"The network ran ads", false, nil, "", "", ""},
	} {
		a, paidIn, ok := ParseAdSpend(tc.in)
		if ok != tc.ok || !sameValue(a.Value, tc.v) || a.Qualifier != tc.qual || a.Currency != tc.currency || paidIn != tc.paidIn {
			t.Errorf("ParseAdSpend(%q) = %v %q %q paid=%q %v, want %v %q %q paid=%q %v", tc.in,
				show(a.Value), a.Qualifier, a.Currency, paidIn, ok, show(tc.v), tc.qual, tc.currency, tc.paidIn, tc.ok)
		}
	}
}
