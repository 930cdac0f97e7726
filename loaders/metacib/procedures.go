package metacib

import (
	"strings"

	"github.com/iograph/iograph/internal/model"
)

// assetContext says what the URLs listed under a procedure stand for.
type assetContext int

const (
	// ctxNone: the procedure documents content, services or victims (posting
	// on blogs, link shorteners, defaced sites); its URLs are indicators.
	ctxNone assetContext = iota
	// ctxListed: profiles, authors of posts and bare websites are the
	// operation's; other pages are indicators ("7.5.1 Directing audience to
	// other social media").
	ctxListed
	// ctxAccounts: as ctxListed, and a page of an unknown service stands for
	// an account there ("0.9.8 Acquiring accounts on online forums").
	ctxAccounts
	// ctxWebsites: as ctxListed, and any page of an unknown service stands
	// for its website ("0.6.2 Acquiring domains", "1.3.1 Creating fictitious
	// news outlet", "9.5.3 Using redirect domains").
	ctxWebsites
)

type role int

const (
	roleNone role = iota
	roleAudience
	roleAdSpend
)

// procedure is what parsing needs to know about a kill-chain procedure.
type procedure struct {
	ctx      assetContext
	role     role
	fact     FactKind
	platform model.Platform  // the platform the procedure names, if one
	kind     model.AssetKind // audience: the assets followed or joined
	counts   bool            // the Indicator may be an asset count
	// platformAccounts: the procedure acquires accounts on one named
	// platform, so each indicator must be a count, prose or a URL.
	platformAccounts bool
}

// contexts maps kill-chain codes to contexts; the longest matching prefix
// wins. Codes not listed are ctxNone: gathering information (2), planning
// (3), evading detection (5, registrars and shorteners), content (6.1, 6.3,
// 7.3, 7.4, 7.6 except hacked-material personas, 7.8), compromised victims
// (8) and dispersing content on real outlets (9.2).
var contexts = map[string]assetContext{
	"0":     ctxListed,
	"0.1":   ctxNone, // IPs
	"0.2":   ctxNone, // e-mail addresses
	"0.4":   ctxWebsites,
	"0.6":   ctxWebsites,
	"0.8":   ctxWebsites,
	"0.9":   ctxAccounts,
	"1":     ctxWebsites,
	"6.2":   ctxAccounts,
	"7.5":   ctxListed,
	"7.6.4": ctxListed, // the personas' own forum profiles and leak sites
	"9.1":   ctxListed,
	"9.5":   ctxListed,
	"9.5.1": ctxAccounts,
	"9.5.2": ctxWebsites,
	"9.5.3": ctxWebsites,
}

func contextOf(code string) assetContext {
	for c := code; c != ""; {
		if ctx, ok := contexts[c]; ok {
			return ctx
		}
		i := strings.LastIndex(c, ".")
		if i < 0 {
			break
		}
		c = c[:i]
	}
	return ctxNone
}

// platformKeywords find the platform a procedure names; Meta's wording
// varies ("X / Twitter", "X/Twitter", "YouTube channel(s)").
var platformKeywords = []struct {
	word     string
	platform model.Platform
}{
	{"facebook", model.PlatformFacebook},
	{"instagram", model.PlatformInstagram},
	{"twitter", model.PlatformTwitter},
	{"youtube", model.PlatformYouTube},
	{"tiktok", model.PlatformTikTok},
	{"telegram", model.PlatformTelegram},
	{"vkontakte", model.PlatformVK},
	{" vk ", model.PlatformVK},
}

func procedureOf(ref TTPRef) procedure {
	p := procedure{ctx: contextOf(ref.Code)}
	text := " " + strings.ToLower(ref.Procedure+" "+ref.Technique) + " "
	for _, k := range platformKeywords {
		if strings.Contains(text, k.word) {
			p.platform = k.platform
			break
		}
	}
	code := ref.Code
	switch {
	case code == "0.9" || strings.HasPrefix(code, "0.9."):
		p.counts = true
		p.platformAccounts = p.platform != "" && ref.Procedure != ""
	case code == "7.1" || strings.HasPrefix(code, "7.1."):
		p.role = roleAdSpend
		p.platform = ""
	case strings.HasPrefix(code, "7.2."):
		proc := strings.ToLower(ref.Procedure)
		switch {
		case strings.Contains(proc, "page followers"):
			p.role, p.fact, p.platform, p.kind = roleAudience, FactFollowers, model.PlatformFacebook, model.KindPage
		case strings.Contains(proc, "group members"):
			p.role, p.fact, p.platform, p.kind = roleAudience, FactMembers, model.PlatformFacebook, model.KindGroup
		case strings.Contains(proc, "followers") && p.platform != "":
			p.role, p.fact, p.kind = roleAudience, FactFollowers, model.KindAccount
		}
	}
	return p
}
