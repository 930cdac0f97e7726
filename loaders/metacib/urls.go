package metacib

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/internal/model"
)

// URLShape says what a URL points at, which decides whether a listed URL is
// an asset of the operation or only evidence about one.
type URLShape string

const (
	// ShapeProfile is an account, page, group, channel or blog itself.
	ShapeProfile URLShape = "profile"
	// ShapePost is one piece of content; Handle/NativeID name its author when
	// the URL carries one (twitter.com/NAME/status/ID, t.me/NAME/42).
	ShapePost URLShape = "post"
	// ShapeSite is the root of a website that is not a known platform.
	ShapeSite URLShape = "site"
	// ShapePage is any other page on a site that is not a known platform:
	// its shape gives no account, so only the listing context can say
	// whether it stands for one. Handle then holds the path (or the lone
	// segment), the identity such an account gets.
	ShapePage URLShape = "page"
)

// URLInfo is what a URL says about the presence it points at.
type URLInfo struct {
	URL      string // keys.URL, with a scheme (https:// when the listing has none)
	Domain   string // keys.Domain of the host
	Platform model.Platform
	// Site names the service for PlatformOther ("medium.com", "reddit.com"),
	// whose accounts would otherwise collide across services, and is the
	// domain for PlatformWeb.
	Site     string
	Shape    URLShape
	Kind     model.AssetKind
	Handle   string // as written (case kept, percent-decoding undone)
	NativeID string // the platform's own id where the URL carries one
}

// platformHosts maps hosts (after keys.Domain and dropping "m."/"mobile."
// etc.) to the platforms the model knows.
var platformHosts = map[string]model.Platform{
	"twitter.com": model.PlatformTwitter, "x.com": model.PlatformTwitter,
	"facebook.com": model.PlatformFacebook, "fb.com": model.PlatformFacebook, "fb.me": model.PlatformFacebook,
	"instagram.com": model.PlatformInstagram, "instagr.am": model.PlatformInstagram,
	"youtube.com": model.PlatformYouTube, "youtu.be": model.PlatformYouTube,
	"tiktok.com": model.PlatformTikTok,
	"t.me":       model.PlatformTelegram, "telegram.me": model.PlatformTelegram, "telegram.dog": model.PlatformTelegram,
	"vk.com": model.PlatformVK, "vk.ru": model.PlatformVK, "vkontakte.ru": model.PlatformVK,
}

// blogHosts are services where an account lives on its own subdomain
// (NAME.blogspot.com); the site is the parent domain.
var blogHosts = []string{
	"blogspot.com", "wordpress.com", "medium.com", "livejournal.com", "tumblr.com",
	"quora.com", "livedoor.blog", "skyrock.com", "substack.com", "over-blog.com",
}

// canonicalSites folds a service's regional or short hosts into one site so
// ca.pinterest.com/x and pinterest.com/x are one account.
var canonicalSites = map[string]string{
	"pin.it": "pinterest.com", "redd.it": "reddit.com", "old.reddit.com": "reddit.com",
	"threads.com": "threads.net",
}

// ParseURL reads a refanged URL or bare host[/path]. ok is false when the
// value is not a URL at all.
func ParseURL(raw string) (URLInfo, bool) {
	u, ok := parseLooseURL(raw)
	if !ok {
		return URLInfo{}, false
	}
	host := keys.Domain(u.Hostname())
	info := URLInfo{URL: raw, Domain: host}
	if !reScheme.MatchString(raw) {
		info.URL = "https://" + raw
	}
	info.URL = keys.URL(info.URL)
	segs := pathSegments(u)
	q := u.Query()

	bare := host
	for _, p := range []string{"m.", "mobile.", "web.", "mbasic.", "touch.", "vm.", "vt."} {
		bare = strings.TrimPrefix(bare, p)
	}
	if p, ok := platformHosts[bare]; ok {
		info.Platform = p
		switch p {
		case model.PlatformTwitter:
			twitterURL(&info, segs, q)
		case model.PlatformFacebook:
			facebookURL(&info, segs, q)
		case model.PlatformInstagram:
			instagramURL(&info, segs)
		case model.PlatformYouTube:
			youtubeURL(&info, bare, segs)
		case model.PlatformTikTok:
			tiktokURL(&info, host, segs)
		case model.PlatformTelegram:
			telegramURL(&info, segs)
		case model.PlatformVK:
			vkURL(&info, segs)
		}
		return info, true
	}
	otherURL(&info, host, segs, q)
	return info, true
}

// pathSegments splits the decoded path, dropping empty segments so
// "twitter.com/NAME/" and "twitter.com/NAME" read alike.
func pathSegments(u *url.URL) []string {
	var out []string
	for _, s := range strings.Split(u.Path, "/") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func profile(info *URLInfo, kind model.AssetKind, handle, id string) {
	info.Shape, info.Kind, info.Handle, info.NativeID = ShapeProfile, kind, handle, id
}

func post(info *URLInfo, kind model.AssetKind, handle, id string) {
	info.Shape, info.Kind, info.Handle, info.NativeID = ShapePost, kind, handle, id
}

var reDigits = regexp.MustCompile(`^[0-9]+$`)

// twitterReserved are first path segments that are not screen names.
var twitterReserved = map[string]bool{
	"i": true, "intent": true, "home": true, "search": true, "hashtag": true, "share": true,
	"explore": true, "settings": true, "messages": true, "notifications": true, "login": true,
	"signup": true, "tos": true, "privacy": true, "account": true, "compose": true,
}

func twitterURL(info *URLInfo, segs []string, q url.Values) {
	info.Kind = model.KindAccount
	switch {
	case len(segs) == 0:
		info.Shape = ShapePage
	case strings.EqualFold(segs[0], "i") && len(segs) >= 3 && strings.EqualFold(segs[1], "user") && reDigits.MatchString(segs[2]):
		profile(info, model.KindAccount, "", segs[2]) // twitter.com/i/user/ID
	case strings.EqualFold(segs[0], "intent") && reDigits.MatchString(q.Get("user_id")):
		profile(info, model.KindAccount, "", q.Get("user_id"))
	case strings.EqualFold(segs[0], "intent") && q.Get("screen_name") != "":
		profile(info, model.KindAccount, q.Get("screen_name"), "")
	case twitterReserved[strings.ToLower(segs[0])]:
		info.Shape = ShapePage
	case onlyTabs(segs[1:]):
		profile(info, model.KindAccount, strings.TrimPrefix(segs[0], "@"), "")
	default: // NAME/status/ID and the like
		post(info, model.KindAccount, strings.TrimPrefix(segs[0], "@"), "")
	}
}

func facebookURL(info *URLInfo, segs []string, q url.Values) {
	first := ""
	if len(segs) > 0 {
		first = strings.ToLower(segs[0])
	}
	switch {
	case len(segs) == 0:
		info.Shape = ShapePage
	case first == "profile.php":
		if id := q.Get("id"); reDigits.MatchString(id) {
			profile(info, model.KindAccount, "", id)
		} else {
			info.Shape = ShapePage
		}
	case first == "groups" && len(segs) >= 2:
		g := segs[1]
		shape := profile
		if !onlyTabs(segs[2:]) {
			shape = post
		}
		if reDigits.MatchString(g) {
			shape(info, model.KindGroup, "", g)
		} else {
			shape(info, model.KindGroup, g, "")
		}
	case (first == "pages" || first == "pg") && len(segs) >= 2:
		// facebook.com/pages/Name/ID or /pages/category/Type/Name-ID
		last := segs[len(segs)-1]
		if reDigits.MatchString(last) {
			profile(info, model.KindPage, "", last)
		} else if i := strings.LastIndex(last, "-"); i >= 0 && reDigits.MatchString(last[i+1:]) {
			profile(info, model.KindPage, "", last[i+1:])
		} else {
			profile(info, model.KindPage, segs[1], "")
		}
	case first == "people" && len(segs) >= 3 && reDigits.MatchString(segs[2]):
		profile(info, model.KindAccount, "", segs[2])
	case first == "watch" || first == "photo.php" || first == "permalink.php" || first == "story.php" || first == "share" || first == "events" || first == "reel":
		// permalink.php and story.php carry the author's id as "id".
		id := q.Get("id")
		if !reDigits.MatchString(id) {
			id = ""
		}
		post(info, model.KindAccount, "", id)
	case reDigits.MatchString(segs[0]) && (onlyTabs(segs[1:])):
		// facebook.com/100064... is an id-addressed account or Page.
		profile(info, model.KindPage, "", segs[0])
	case onlyTabs(segs[1:]):
		// A vanity name can be a Page or a profile; takedown reports list
		// Pages far more often, and the Count rows carry the exact split.
		profile(info, model.KindPage, segs[0], "")
	default: // NAME/posts/ID, NAME/videos/ID
		post(info, model.KindPage, segs[0], "")
	}
}

func instagramURL(info *URLInfo, segs []string) {
	switch {
	case len(segs) == 0:
		info.Shape = ShapePage
	case segs[0] == "p" || segs[0] == "reel" || segs[0] == "reels" || segs[0] == "tv" || segs[0] == "stories" && len(segs) < 2:
		post(info, model.KindAccount, "", "")
	case segs[0] == "stories" && len(segs) >= 2:
		post(info, model.KindAccount, segs[1], "")
	case segs[0] == "explore" || segs[0] == "accounts" || segs[0] == "direct":
		info.Shape = ShapePage
	case onlyTabs(segs[1:]):
		profile(info, model.KindAccount, strings.TrimPrefix(segs[0], "@"), "")
	default:
		post(info, model.KindAccount, segs[0], "")
	}
}

func youtubeURL(info *URLInfo, host string, segs []string) {
	info.Kind = model.KindChannel
	if host == "youtu.be" {
		post(info, model.KindChannel, "", "")
		return
	}
	rest := func(i int) bool { return onlyTabs(segs[i:]) }
	switch {
	case len(segs) == 0:
		info.Shape = ShapePage
	case strings.HasPrefix(segs[0], "@"):
		if rest(1) {
			profile(info, model.KindChannel, segs[0][1:], "")
		} else {
			post(info, model.KindChannel, segs[0][1:], "")
		}
	case segs[0] == "channel" && len(segs) >= 2:
		if rest(2) {
			profile(info, model.KindChannel, "", segs[1])
		} else {
			post(info, model.KindChannel, "", segs[1])
		}
	case (segs[0] == "c" || segs[0] == "user") && len(segs) >= 2:
		if rest(2) {
			profile(info, model.KindChannel, segs[1], "")
		} else {
			post(info, model.KindChannel, segs[1], "")
		}
	case segs[0] == "watch" || segs[0] == "shorts" || segs[0] == "live" || segs[0] == "embed" || segs[0] == "playlist":
		post(info, model.KindChannel, "", "")
	default:
		info.Shape = ShapePage
	}
}

func tiktokURL(info *URLInfo, host string, segs []string) {
	info.Kind = model.KindAccount
	switch {
	case strings.HasPrefix(host, "vm.") || strings.HasPrefix(host, "vt.") || len(segs) > 0 && segs[0] == "t":
		post(info, model.KindAccount, "", "") // short links hide their author
	case len(segs) > 0 && strings.HasPrefix(segs[0], "@") && len(segs[0]) > 1:
		if onlyTabs(segs[1:]) {
			profile(info, model.KindAccount, segs[0][1:], "")
		} else {
			post(info, model.KindAccount, segs[0][1:], "")
		}
	default:
		info.Shape = ShapePage
	}
}

func telegramURL(info *URLInfo, segs []string) {
	info.Kind = model.KindChannel
	if len(segs) > 0 && segs[0] == "s" { // t.me/s/NAME is the web preview of NAME
		segs = segs[1:]
	}
	switch {
	case len(segs) == 0:
		info.Shape = ShapePage
	case segs[0] == "joinchat" && len(segs) >= 2:
		// A private invite has no public name; its hash is the only stable
		// identifier, kept as the handle with its "+" so it cannot clash
		// with a real username.
		profile(info, model.KindChannel, "+"+segs[1], "")
	case strings.HasPrefix(segs[0], "+") && len(segs[0]) > 1:
		profile(info, model.KindChannel, segs[0], "")
	case segs[0] == "c" && len(segs) >= 2 && reDigits.MatchString(segs[1]):
		// t.me/c/ID/N links into a private channel by its internal id.
		if len(segs) == 2 {
			profile(info, model.KindChannel, "", segs[1])
		} else {
			post(info, model.KindChannel, "", segs[1])
		}
	case len(segs) == 1:
		kind := model.KindChannel
		if strings.HasSuffix(strings.ToLower(segs[0]), "bot") {
			kind = model.KindAccount // bots are user accounts, not channels
		}
		profile(info, kind, segs[0], "")
	default: // t.me/NAME/42: a post, whose channel is certain
		post(info, model.KindChannel, segs[0], "")
	}
}

var reVKNumeric = regexp.MustCompile(`^(id|club|public|event)([0-9]+)$`)

func vkURL(info *URLInfo, segs []string) {
	info.Kind = model.KindAccount
	switch {
	case len(segs) == 0:
		info.Shape = ShapePage
	case strings.HasPrefix(segs[0], "wall") || strings.HasPrefix(segs[0], "video") || strings.HasPrefix(segs[0], "photo") || strings.HasPrefix(segs[0], "@"):
		post(info, model.KindAccount, "", "")
	case len(segs) == 1:
		if m := reVKNumeric.FindStringSubmatch(segs[0]); m != nil {
			// Communities take VK's negative owner ids, so a club and a user
			// with the same number stay apart.
			switch m[1] {
			case "id":
				profile(info, model.KindAccount, "", m[2])
			case "public":
				profile(info, model.KindPage, "", "-"+m[2])
			default:
				profile(info, model.KindGroup, "", "-"+m[2])
			}
		} else {
			profile(info, model.KindAccount, segs[0], "")
		}
	default:
		info.Shape = ShapePage
	}
}

// tabs are path segments that show a part of a profile rather than a piece
// of content (twitter.com/NAME/with_replies, quora.com/profile/X/answers).
var tabs = map[string]bool{
	"posts": true, "forum-posts": true, "answers": true, "questions": true, "profile": true,
	"about": true, "videos": true, "featured": true, "shorts": true, "streams": true, "playlists": true,
	"community": true, "followers": true, "following": true, "likes": true, "media": true,
	"with_replies": true, "photos": true, "reels": true, "tagged": true, "channels": true, "info": true,
	"members": true, "comments": true, "submitted": true, "overview": true, "activity": true,
}

func isTab(s string) bool { return tabs[strings.ToLower(s)] }

// onlyTabs reports whether the segments after a profile's name only pick a
// tab of that profile; reddit.com/user/X/comments is X's profile, while
// reddit.com/user/X/comments/ID/slug is one of X's comments.
func onlyTabs(rest []string) bool {
	for _, s := range rest {
		if !isTab(s) {
			return false
		}
	}
	return true
}

// userKeys are path segments after which a user name or id follows on many
// forum and blog engines (/u/NAME, /members/ID, /profile/NAME).
var userKeys = map[string]model.AssetKind{
	"u": model.KindAccount, "user": model.KindAccount, "users": model.KindAccount,
	"profile": model.KindAccount, "profiles": model.KindAccount, "members": model.KindAccount,
	"member": model.KindAccount, "in": model.KindAccount, "by": model.KindAccount,
	"author": model.KindAccount, "people": model.KindAccount, "id": model.KindAccount,
	"photos": model.KindAccount, "topic": model.KindAccount,
	"channel": model.KindChannel, "c": model.KindChannel,
	"group": model.KindGroup, "groups": model.KindGroup,
}

// singleSegmentSites address an account as the only path segment
// (github.com/NAME). Elsewhere a lone segment may be any page of a website.
var singleSegmentSites = map[string]bool{
	"tumblr.com": true, "pinterest.com": true, "linktr.ee": true, "github.com": true,
	"vimeo.com": true, "soundcloud.com": true, "artstation.com": true, "nairaland.com": true,
	"ameblo.jp": true, "cracked.io": true, "craxpro.io": true, "leakbase.io": true,
	"gab.com": true, "gettr.com": true, "truthsocial.com": true, "rumble.com": true,
	"odysee.com": true, "bitchute.com": true, "patreon.com": true, "twitch.tv": true,
	"threads.net": true, "snapchat.com": true, "weibo.com": true,
}

// petitionSites host petitions, which are content and name no author.
var petitionSites = map[string]bool{
	"change.org": true, "chng.it": true, "avaaz.org": true, "secure.avaaz.org": true,
	"petice.com": true, "e-petice.cz": true, "diy.rootsaction.org": true, "openpetition.de": true,
}

var (
	reFlickrNSID = regexp.MustCompile(`^[0-9]+@N[0-9]+$`)
	reMyBBUser   = regexp.MustCompile(`^(?i)User-(.+)$`)
	queryIDKeys  = []string{"u", "uid", "user_id", "userid", "id"}
)

// otherURL reads URLs of services the model has no platform for, and of
// plain websites, by the conventions most engines share.
func otherURL(info *URLInfo, host string, segs []string, q url.Values) {
	info.Platform = model.PlatformOther
	info.Kind = model.KindAccount
	site := host
	for _, p := range []string{"m.", "mobile."} {
		site = strings.TrimPrefix(site, p)
	}
	for _, parent := range blogHosts {
		if !strings.HasSuffix(site, "."+parent) {
			continue
		}
		sub := strings.TrimSuffix(site, "."+parent)
		site = parent
		if !strings.Contains(sub, ".") && len(sub) > 2 {
			// NAME.blogspot.com: the subdomain is the account, and a path
			// under it one of its posts. Two-letter subdomains are languages
			// (es.quora.com) and fall through to the path rules.
			info.Site = site
			if onlyTabs(segs) {
				profile(info, model.KindAccount, sub, "")
			} else {
				post(info, model.KindAccount, sub, "")
			}
			return
		}
		break
	}
	if strings.HasPrefix(site, "pinterest.") || strings.Contains(site, ".pinterest.") {
		site = "pinterest.com"
	}
	if c, ok := canonicalSites[site]; ok {
		site = c
	}
	info.Site = site

	if len(segs) == 0 || len(segs) == 1 && strings.Contains(segs[0], ".php") {
		// Query-addressed members: member.php?u=ID, home.php?mod=space&uid=ID.
		for _, k := range queryIDKeys {
			if v := q.Get(k); reDigits.MatchString(v) {
				profile(info, model.KindAccount, "", v)
				return
			}
		}
	}
	if len(segs) == 0 {
		// Nothing names an account: the root of a website.
		info.Platform, info.Site, info.Shape, info.Kind = model.PlatformWeb, keys.Domain(host), ShapeSite, model.KindWebsite
		return
	}
	switch {
	case petitionSites[site]:
		post(info, model.KindAccount, "", "")
		return
	case site == "pinterest.com" && (host == "pin.it" || segs[0] == "pin"):
		post(info, model.KindAccount, "", "")
		return
	case site == "reddit.com" && segs[0] == "r" && len(segs) >= 2:
		if len(segs) == 2 {
			profile(info, model.KindGroup, segs[1], "")
		} else {
			post(info, model.KindGroup, "", "") // a subreddit post names no author
		}
		return
	}

	// /@NAME (Medium, Steemit, cont.ws ...)
	if strings.HasPrefix(segs[0], "@") && len(segs[0]) > 1 {
		// An @name is a name even when it is all digits.
		if onlyTabs(segs[1:]) {
			profile(info, model.KindAccount, segs[0][1:], "")
		} else {
			post(info, model.KindAccount, segs[0][1:], "")
		}
		return
	}
	// /KEY/NAME, allowing one short language or mode segment first
	// (pixiv.net/en/users/ID, opendiary.com/m/author/NAME).
	for skip := 0; skip <= 1 && skip+1 < len(segs); skip++ {
		if skip == 1 && len(segs[0]) > 2 {
			break
		}
		k := strings.ToLower(segs[skip])
		if kind, ok := userKeys[k]; ok {
			otherAccount(info, kind, segs[skip+1], segs[skip+2:], k == "id")
			return
		}
	}
	if len(segs) == 1 {
		name := segs[0]
		if m := reMyBBUser.FindStringSubmatch(name); m != nil {
			profile(info, model.KindAccount, m[1], "") // MyBB forums: /User-NAME
			return
		}
		if singleSegmentSites[site] {
			profile(info, model.KindAccount, name, "")
			return
		}
	}
	if singleSegmentSites[site] {
		// soundcloud.com/NAME/track, github.com/NAME/repo: content of NAME.
		post(info, model.KindAccount, segs[0], "")
		return
	}
	// tumblr.com/NAME/ID/slug and the like: a long numeric second segment
	// is a post id under its author.
	if len(segs) >= 2 && reDigits.MatchString(segs[1]) && len(segs[1]) >= 9 {
		post(info, model.KindAccount, segs[0], "")
		return
	}
	info.Shape = ShapePage
	info.Handle = pageIdentity(segs, q)
}

// pageIdentity is the handle a ShapePage stands for when the listing says
// it is an account: the lone segment, or the whole path, so two different
// pages never share a key.
func pageIdentity(segs []string, q url.Values) string {
	id := strings.Join(segs, "/")
	if len(q) > 0 {
		id += "?" + q.Encode()
	}
	return id
}

// otherAccount records the name after a /KEY/ path segment; a number there
// (/members/363554, /users/65532135) or a Flickr NSID is the site's own id.
func otherAccount(info *URLInfo, kind model.AssetKind, name string, rest []string, isID bool) {
	id := ""
	if isID || reDigits.MatchString(name) || reFlickrNSID.MatchString(name) {
		id, name = name, ""
	}
	if onlyTabs(rest) {
		profile(info, kind, name, id)
	} else {
		post(info, kind, name, id)
	}
}
