package model

import (
	"strings"

	"github.com/iograph/iograph/internal/keys"
)

// Platform is where an asset lives. Values are lower-case and stable: they
// form the first part of every account uid ("twitter:123").
type Platform string

const (
	PlatformTwitter   Platform = "twitter"
	PlatformFacebook  Platform = "facebook"
	PlatformInstagram Platform = "instagram"
	PlatformYouTube   Platform = "youtube"
	PlatformTikTok    Platform = "tiktok"
	PlatformTelegram  Platform = "telegram"
	PlatformVK        Platform = "vk"
	PlatformWeb       Platform = "web" // websites and domains
	PlatformOther     Platform = "other"
)

// AssetKind says what sort of presence an Account node is on its platform.
type AssetKind string

const (
	KindAccount AssetKind = "account"
	KindPage    AssetKind = "page"
	KindGroup   AssetKind = "group"
	KindChannel AssetKind = "channel"
	KindWebsite AssetKind = "website"
)

// AccountUID is the key of an Account node: the platform and the platform's
// own id. Where only a handle is known (a takedown report lists a URL) the id
// part is "@" and the lower-cased handle, so the same handle listed twice is
// one node, while an id-keyed account with that handle stays a separate node
// that a SAME_AS link (with its evidence) connects.
func AccountUID(p Platform, nativeID string) string { return string(p) + ":" + nativeID }

// PlatformOf reads the platform back from an account uid; OTHER when the
// prefix names none.
func PlatformOf(uid string) Platform {
	p, _, _ := strings.Cut(uid, ":")
	switch x := Platform(p); x {
	case PlatformTwitter, PlatformFacebook, PlatformInstagram, PlatformYouTube, PlatformTikTok,
		PlatformTelegram, PlatformVK, PlatformWeb:
		return x
	}
	return PlatformOther
}

// HandleUID is AccountUID for an asset known only by its handle
// (keys.HandleUID: the handle without @, lower case).
func HandleUID(p Platform, handle string) string { return keys.HandleUID(string(p), handle) }
