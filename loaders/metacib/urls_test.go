package metacib

import (
	"testing"

	"github.com/iograph/iograph/internal/model"
)

// Every URL form that occurs in the files (refanged), plus the Facebook,
// Instagram and VK forms Meta's format allows but these releases lack.
func TestParseURL(t *testing.T) {
	const (
		tw, fb, ig, yt, tt, tg, vk, web, oth = model.PlatformTwitter, model.PlatformFacebook, model.PlatformInstagram,
			model.PlatformYouTube, model.PlatformTikTok, model.PlatformTelegram, model.PlatformVK, model.PlatformWeb, model.PlatformOther
		acc, page, grp, ch, site = model.KindAccount, model.KindPage, model.KindGroup, model.KindChannel, model.KindWebsite
	)
	for _, tc := range []struct {
		in       string
		platform model.Platform
		site     string
		shape    URLShape
		kind     model.AssetKind
		handle   string
		id       string
	}{
		// X / Twitter
		{"https://twitter.com/SaraSil39636921", tw, "", ShapeProfile, acc, "SaraSil39636921", ""},
		{"https://twitter.com/GarciaJasmyn1/", tw, "", ShapeProfile, acc, "GarciaJasmyn1", ""},
		{"twitter.com/olivn388", tw, "", ShapeProfile, acc, "olivn388", ""},
		{"http://x.com/shi3adodelharb", tw, "", ShapeProfile, acc, "shi3adodelharb", ""},
		{"https://x.com/auroraapricus/", tw, "", ShapeProfile, acc, "auroraapricus", ""},
		{"https://mobile.twitter.com/NAME/with_replies", tw, "", ShapeProfile, acc, "NAME", ""},
		{"https://twitter.com/new_observation/status/1562640310273921025", tw, "", ShapePost, acc, "new_observation", ""},
		{"https://twitter.com/i/user/783214", tw, "", ShapeProfile, acc, "", "783214"},
		{"https://twitter.com/intent/user?user_id=783214", tw, "", ShapeProfile, acc, "", "783214"},
		{"https://twitter.com/search?q=x", tw, "", ShapePage, acc, "", ""},
		// YouTube
		{"https://www.youtube.com/@user-xf2zm5jj9h", yt, "", ShapeProfile, ch, "user-xf2zm5jj9h", ""},
		{"https://www.youtube.com/@All%C3%B4Afrique", yt, "", ShapeProfile, ch, "AllôAfrique", ""},
		{"https://www.youtube.com/@KristenPreece/", yt, "", ShapeProfile, ch, "KristenPreece", ""},
		{"https://www.youtube.com/@NAME/videos", yt, "", ShapeProfile, ch, "NAME", ""},
		{"https://www.youtube.com/channel/UCdxcoyi29onXanVk9Lf0zeg", yt, "", ShapeProfile, ch, "", "UCdxcoyi29onXanVk9Lf0zeg"},
		{"https://www.youtube.com/c/SomeName", yt, "", ShapeProfile, ch, "SomeName", ""},
		{"https://www.youtube.com/user/OldName", yt, "", ShapeProfile, ch, "OldName", ""},
		{"https://www.youtube.com/watch?v=FXCzsTm4GHU&t=2s", yt, "", ShapePost, ch, "", ""},
		{"https://youtu.be/FXCzsTm4GHU", yt, "", ShapePost, ch, "", ""},
		// TikTok
		{"https://www.tiktok.com/@irakli4georgia", tt, "", ShapeProfile, acc, "irakli4georgia", ""},
		{"http://tiktok.com/@amelia.wilson237", tt, "", ShapeProfile, acc, "amelia.wilson237", ""},
		{"https://www.tiktok.com/@name/video/7234", tt, "", ShapePost, acc, "name", ""},
		{"https://vm.tiktok.com/ZMabc/", tt, "", ShapePost, acc, "", ""},
		// Telegram
		{"https://t.me/generousthief", tg, "", ShapeProfile, ch, "generousthief", ""},
		{"https://t.me/s/poroshenkopa", tg, "", ShapeProfile, ch, "poroshenkopa", ""},
		{"https://t.me/news_munchen/42", tg, "", ShapePost, ch, "news_munchen", ""},
		{"http://t.me/+ugoxkjuomho4nmy1", tg, "", ShapeProfile, ch, "+ugoxkjuomho4nmy1", ""},
		{"https://t.me/joinchat/AAAAAE", tg, "", ShapeProfile, ch, "+AAAAAE", ""},
		{"http://t.me/trech_kich_bot", tg, "", ShapeProfile, acc, "trech_kich_bot", ""},
		{"https://telegram.me/name", tg, "", ShapeProfile, ch, "name", ""},
		// Instagram
		{"https://www.instagram.com/some.name/", ig, "", ShapeProfile, acc, "some.name", ""},
		{"https://www.instagram.com/p/Cabc123/", ig, "", ShapePost, acc, "", ""},
		{"https://www.instagram.com/reel/Cabc123/", ig, "", ShapePost, acc, "", ""},
		// Facebook
		{"https://www.facebook.com/SomePage", fb, "", ShapeProfile, page, "SomePage", ""},
		{"https://www.facebook.com/profile.php?id=100087654321", fb, "", ShapeProfile, acc, "", "100087654321"},
		{"https://m.facebook.com/groups/123456789/", fb, "", ShapeProfile, grp, "", "123456789"},
		{"https://www.facebook.com/groups/somegroup", fb, "", ShapeProfile, grp, "somegroup", ""},
		{"https://www.facebook.com/pages/Some-Name/123456", fb, "", ShapeProfile, page, "", "123456"},
		{"https://www.facebook.com/people/Some-Name/100012345/", fb, "", ShapeProfile, acc, "", "100012345"},
		{"https://www.facebook.com/100064123456789", fb, "", ShapeProfile, page, "", "100064123456789"},
		{"https://www.facebook.com/SomePage/posts/pfbid0abc", fb, "", ShapePost, page, "SomePage", ""},
		{"https://fb.com/SomePage", fb, "", ShapeProfile, page, "SomePage", ""},
		// VK
		{"http://vk.com/id464508604", vk, "", ShapeProfile, acc, "", "464508604"},
		{"https://vk.com/s.dsdd", vk, "", ShapeProfile, acc, "s.dsdd", ""},
		{"https://vk.com/club12345", vk, "", ShapeProfile, grp, "", "-12345"},
		{"https://vk.com/public12345", vk, "", ShapeProfile, page, "", "-12345"},
		{"https://vk.com/wall-12345_67", vk, "", ShapePost, acc, "", ""},
		// Other services
		{"https://medium.com/@teamilk951/", oth, "medium.com", ShapeProfile, acc, "teamilk951", ""},
		{"https://medium.com/@2099154405", oth, "medium.com", ShapeProfile, acc, "2099154405", ""},
		{"http://medium.com/@poligofman/ich-bin-schockiert-26baadfc79bd", oth, "medium.com", ShapePost, acc, "poligofman", ""},
		{"notihonduras504.medium.com", oth, "medium.com", ShapeProfile, acc, "notihonduras504", ""},
		{"https://www.reddit.com/user/Enough_Personality92/", oth, "reddit.com", ShapeProfile, acc, "Enough_Personality92", ""},
		{"http://reddit.com/user/erispope/comments", oth, "reddit.com", ShapeProfile, acc, "erispope", ""},
		{"http://reddit.com/user/erispope/comments/1g184kr/nie_stac", oth, "reddit.com", ShapePost, acc, "erispope", ""},
		{"https://www.reddit.com/r/meiguominzhu/", oth, "reddit.com", ShapeProfile, grp, "meiguominzhu", ""},
		{"http://reddit.com/r/gamesecultura/comments/1g18fti/i_feel", oth, "reddit.com", ShapePost, grp, "", ""},
		{"http://ca.pinterest.com/franolcadriw", oth, "pinterest.com", ShapeProfile, acc, "franolcadriw", ""},
		{"https://tr.pinterest.com/7sabah/", oth, "pinterest.com", ShapeProfile, acc, "7sabah", ""},
		{"http://pinterest.com/pin/1085297210201027625", oth, "pinterest.com", ShapePost, acc, "", ""},
		{"http://pin.it/1nrnknrk7", oth, "pinterest.com", ShapePost, acc, "", ""},
		{"https://www.tumblr.com/wharmonyagiar", oth, "tumblr.com", ShapeProfile, acc, "wharmonyagiar", ""},
		{"http://tumblr.com/raicovc/764990991893692416/time-to-negotiate", oth, "tumblr.com", ShapePost, acc, "raicovc", ""},
		{"https://jovialfurybasement.tumblr.com/", oth, "tumblr.com", ShapeProfile, acc, "jovialfurybasement", ""},
		{"https://www.quora.com/profile/Marjan-Hatami-3/answers", oth, "quora.com", ShapeProfile, acc, "Marjan-Hatami-3", ""},
		{"https://es.quora.com/profile/Ishnyakov", oth, "quora.com", ShapeProfile, acc, "Ishnyakov", ""},
		{"https://park-sehannn-san-no.quora.com/", oth, "quora.com", ShapeProfile, acc, "park-sehannn-san-no", ""},
		{"https://lucysusmyhome.quora.com/Please-ask-the-INS", oth, "quora.com", ShapePost, acc, "lucysusmyhome", ""},
		{"http://89ijlop.blogspot.com", oth, "blogspot.com", ShapeProfile, acc, "89ijlop", ""},
		{"http://89ijlop.blogspot.com/2021/12/why.html", oth, "blogspot.com", ShapePost, acc, "89ijlop", ""},
		{"https://org162532576.wordpress.com/", oth, "wordpress.com", ShapeProfile, acc, "org162532576", ""},
		{"https://marc-foreman.livejournal.com/", oth, "livejournal.com", ShapeProfile, acc, "marc-foreman", ""},
		{"https://www.flickr.com/photos/192571094@N08/", oth, "flickr.com", ShapeProfile, acc, "", "192571094@N08"},
		{"https://www.linkedin.com/in/amerikagozlemi/", oth, "linkedin.com", ShapeProfile, acc, "amerikagozlemi", ""},
		{"https://linktr.ee/amerikagozlemi", oth, "linktr.ee", ShapeProfile, acc, "amerikagozlemi", ""},
		{"https://ok.ru/group/70000005349948", oth, "ok.ru", ShapeProfile, grp, "", "70000005349948"},
		{"https://safechat.com/u/new_observation", oth, "safechat.com", ShapeProfile, acc, "new_observation", ""},
		{"https://leakzone.net/User-holysouls", oth, "leakzone.net", ShapeProfile, acc, "holysouls", ""},
		{"https://www.nulled.to/user/5533554-holysouls", oth, "nulled.to", ShapeProfile, acc, "5533554-holysouls", ""},
		{"https://xss.is/members/363554", oth, "xss.is", ShapeProfile, acc, "", "363554"},
		{"https://altenes.is/members/nethun3r.141588", oth, "altenes.is", ShapeProfile, acc, "nethun3r.141588", ""},
		{"https://cracked.io/NetHunt3r", oth, "cracked.io", ShapeProfile, acc, "NetHunt3r", ""},
		{"https://www.thestudentroom.co.uk/member.php?u=5820677", oth, "thestudentroom.co.uk", ShapeProfile, acc, "", "5820677"},
		{"https://www.backchina.com/home.php?mod=space&uid=383200", oth, "backchina.com", ShapeProfile, acc, "", "383200"},
		{"https://www.pixiv.net/en/users/65532135", oth, "pixiv.net", ShapeProfile, acc, "", "65532135"},
		{"https://www.opendiary.com/m/author/wiwk/", oth, "opendiary.com", ShapeProfile, acc, "wiwk", ""},
		{"https://dzen.ru/id/63fb744950fea47de51718b6", oth, "dzen.ru", ShapeProfile, acc, "", "63fb744950fea47de51718b6"},
		{"https://9gag.com/u/suijiajun30/posts", oth, "9gag.com", ShapeProfile, acc, "suijiajun30", ""},
		{"https://steemit.com/@pigman121", oth, "steemit.com", ShapeProfile, acc, "pigman121", ""},
		{"https://github.com/qwer66a", oth, "github.com", ShapeProfile, acc, "qwer66a", ""},
		{"https://soundcloud.com/paul-foster-284332836/chinese-transnational", oth, "soundcloud.com", ShapePost, acc, "paul-foster-284332836", ""},
		{"https://m.fanfiction.net/u/14911763/jiang-nan-wu-yan-zu", oth, "fanfiction.net", ShapePost, acc, "", "14911763"},
		{"https://www.change.org/p/no-weapons-to-ukraine", oth, "change.org", ShapePost, acc, "", ""},
		{"https://chng.it/NYt5whb9Nr", oth, "chng.it", ShapePost, acc, "", ""},
		// Websites
		{"https://neweurope.online", web, "neweurope.online", ShapeSite, site, "", ""},
		{"http://www.tahlilroz.af/", web, "tahlilroz.af", ShapeSite, site, "", ""},
		{"bnt2.live", web, "bnt2.live", ShapeSite, site, "", ""},
		{"https://cutt.ly/LZ8iEIt", oth, "cutt.ly", ShapePage, acc, "LZ8iEIt", ""},
		{"https://forum.molihua.org/d/3678-milk-tea", oth, "forum.molihua.org", ShapePage, acc, "d/3678-milk-tea", ""},
	} {
		got, ok := ParseURL(tc.in)
		if !ok {
			t.Errorf("ParseURL(%q): not a URL", tc.in)
			continue
		}
		if got.Platform != tc.platform || got.Site != tc.site || got.Shape != tc.shape || got.Kind != tc.kind ||
			got.Handle != tc.handle || got.NativeID != tc.id {
			t.Errorf("ParseURL(%q) = %s %q %s %s handle=%q id=%q; want %s %q %s %s handle=%q id=%q", tc.in,
				got.Platform, got.Site, got.Shape, got.Kind, got.Handle, got.NativeID,
				tc.platform, tc.site, tc.shape, tc.kind, tc.handle, tc.id)
		}
	}
	for _, bad := range []string{"t./RGUD_bot", "Hondurasleaks", "ftp://example.com/x", "https://user:pw@example.com/", "https://localhost/x"} {
		if _, ok := ParseURL(bad); ok {
			t.Errorf("ParseURL(%q) accepted a non-URL", bad)
		}
	}
}
