// Package keys normalises the values that name the same thing across
// formats: handles, domains, URLs and the keys of asset nodes. Every loader
// and the API call these functions and no other, so a handle from a Twitter
// release, an analyst's list and a Meta disclosure, or a domain from a
// tweet's URL and a CrowdTangle link, meet on one value.
//
// Every function is pure and reaches a fixed point: normalising a
// normalised value gives it back (FuzzKeys checks it), so a key written by
// one load and read back by another never drifts.
package keys

import (
	"net"
	"net/url"
	"strings"
)

// Platforms whose keys have their own shape (the values of model.Platform;
// this package depends on nothing, so model can use it).
const (
	platformWeb   = "web"
	platformOther = "other"
	kindAccount   = "account"
)

// Handle is the form handles are compared in: without surrounding space or
// a leading "@", lower case. "@HKpoliticsnews ", "hkpoliticsnews" and
// "HKPOLITICSNEWS" are one handle.
func Handle(s string) string {
	for {
		h := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@")))
		if h == s {
			return h
		}
		s = h
	}
}

// HandleUID is the key of an account known only by its handle on a
// platform: "<platform>:@<handle>", the handle normalised.
func HandleUID(platform, handle string) string {
	return platform + ":@" + Handle(handle)
}

// IsHandleUID reports whether uid keys an account known only by a handle
// ("twitter:@name", "other:@medium.com/name") rather than by the platform's
// own id ("twitter:123") or a domain ("web:example.com").
func IsHandleUID(uid string) bool {
	p, rest, ok := strings.Cut(uid, ":")
	return ok && p != "" && strings.HasPrefix(rest, "@")
}

// Domain is the form a website and a URL's host are keyed by: lower case,
// no port, no trailing dot, no leading "www." ("www.Tahlilroz.com:80" is
// "tahlilroz.com"). It repeats those steps until nothing changes: one pass
// left "host :80" as "host " and "[a:1]:2" as "a:1".
func Domain(host string) string {
	for {
		h := domainOnce(host)
		if h == host {
			return h
		}
		host = h // after the first pass only shorter: it ends
	}
}

func domainOnce(host string) string {
	h := strings.ToLower(strings.TrimSpace(host))
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.TrimSpace(h), ".")
	return strings.TrimSpace(strings.TrimPrefix(h, "www."))
}

// DomainOf is the Domain of a URL's host, or "" when the URL has none (a
// relative or opaque URL, text that does not parse).
func DomainOf(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Host == "" {
		return ""
	}
	return Domain(u.Hostname())
}

// URL is the key of a URL a post shares or a list names: the URL as
// written, without surrounding ASCII white space. Nothing else changes:
// the path, query and fragment are case-sensitive, and the text as
// released is the evidence (a URL's host in another case, or an
// ideographic space pasted after it, stays as written). URLs meet across
// formats on their Domain (DomainOf), which is normalised.
func URL(raw string) string {
	return strings.Trim(raw, asciiSpace)
}

// asciiSpace is the white space loaders trim from a field.
const asciiSpace = " \t\r\n\f\v"

// AssetKey is the key of an Account node that a list or disclosure names:
// "<platform>:<id>" when the platform's own id is known, HandleUID
// otherwise, and "web:" + Domain for websites. For the "other" platform the
// site, and the kind unless it is an account, are part of the id or handle
// ("other:@medium.com/name", "other:ok.ru/group/123"): a name on Medium and
// the same name on Reddit are different people, and a subreddit is not the
// user of the same name.
func AssetKey(platform, kind, site, handle, nativeID string) string {
	switch platform {
	case platformWeb:
		return platformWeb + ":" + Domain(site)
	case platformOther:
		prefix := strings.ToLower(site) + "/"
		if kind != "" && kind != kindAccount {
			prefix += kind + "/"
		}
		if nativeID != "" {
			return platformOther + ":" + prefix + nativeID
		}
		return HandleUID(platformOther, prefix+handle)
	}
	if nativeID != "" {
		return platform + ":" + nativeID
	}
	return HandleUID(platform, handle)
}

// HandleKey is the key of the Handle node for a handle observed on a
// platform (for "other", on a site): the key an account known only by that
// handle has (AssetKey without an id), so a handle-only account and the
// handle it stands for share one key. Websites have domains, not handles,
// and an empty handle is no handle: both give "".
func HandleKey(platform, kind, site, handle string) string {
	if platform == platformWeb || Handle(handle) == "" {
		return ""
	}
	return AssetKey(platform, kind, site, handle, "")
}
