// Package assets loads analysts' hand-made lists of assets from takedown
// reports: one row per page, group, account, channel or website.
//
// The format (CSV, UTF-8, header required, column order free):
//
//	platform   facebook, instagram, twitter (or x), youtube, tiktok, telegram, vk, web, other   required
//	kind       account, page, group, channel, website                                        required
//	id         the platform's own id                      } at least one of id, handle, url
//	handle     the @name, without @                       }
//	url        the profile URL (defanged hxxp/[.] is fine) }
//	name       display name
//	followers  a whole number
//	created    YYYY-MM-DD
//	operation  the operation it belongs to (free text; the same text is the same operation)
//	notes      evidence: where the attribution comes from
//	source     optional: who attributed it (default "analyst list")
//	confidence optional: high, medium or low (default "reported")
//
// The node key follows the rest of iograph: "<platform>:<id>" when an id is
// known, else "<platform>:@<handle>".
package assets

import (
	"context"
	_ "embed"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/metacib"
)

// Kind names this format in load records and on the command line.
const Kind = "assets"

//go:embed assets.cypher
var assetsCypher string

// Columns are all the columns of the format; the required ones are checked.
var (
	Columns  = []string{"platform", "kind", "id", "handle", "name", "url", "followers", "created", "operation", "notes", "source", "confidence"}
	Required = []string{"platform", "kind"}
)

var platforms = map[string]model.Platform{
	"facebook": model.PlatformFacebook, "instagram": model.PlatformInstagram, "twitter": model.PlatformTwitter,
	"x": model.PlatformTwitter, "youtube": model.PlatformYouTube, "tiktok": model.PlatformTikTok,
	"telegram": model.PlatformTelegram, "vk": model.PlatformVK, "web": model.PlatformWeb, "website": model.PlatformWeb,
	"other": model.PlatformOther,
}

var kinds = map[string]model.AssetKind{
	"account": model.KindAccount, "page": model.KindPage, "group": model.KindGroup,
	"channel": model.KindChannel, "website": model.KindWebsite,
}

// Load loads asset lists; the dataset defaults to the file name.
func Load(ctx context.Context, t loaders.Target, paths []string, dataset string, opts loaders.Options, rej *loaders.Rejects) (*loaders.Summary, error) {
	return Reader(dataset).Load(ctx, t, paths, opts, rej)
}

// Reader reads asset lists into dataset, or else the dataset each file's
// name gives (Load, and the bulk import).
func Reader(dataset string) loaders.Reader {
	return loaders.Reader{Kind: Kind, Dataset: func(p string, _ loaders.Entry) string {
		if dataset != "" {
			return dataset
		}
		return "assets:" + strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
	}, Open: func(string) loaders.Opener { return open }, Cypher: map[string]string{"assets/assets.cypher": assetsCypher}}
}

func open(r io.Reader, label string) (func(*loaders.Out) error, error) {
	c, err := loaders.NewCSV(r, label, "asset list", Required)
	if err != nil {
		return nil, err
	}
	if !c.Has("id") && !c.Has("handle") && !c.Has("url") {
		return nil, &loaders.HeaderError{File: label, Format: "asset list", Missing: []string{"id, handle or url"}, Expected: Columns, Got: c.Header()}
	}
	return func(out *loaders.Out) error { return read(out, c) }, nil
}

// Row is one parsed list row.
type Row struct {
	UID        string
	Props      map[string]any
	Operation  string
	Evidence   string
	Source     string
	Confidence string
	// Handle is the row's handle observation (links.HandleRow), nil when
	// the row names no handle or is a website.
	Handle map[string]any
}

// parse validates the current row of c.
func parse(c *loaders.CSV) (Row, *loaders.Reject) {
	get := func(col string) string { return strings.TrimSpace(c.Get(col)) }
	platform, ok := platforms[strings.ToLower(get("platform"))]
	if !ok {
		return Row{}, c.Reject("platform", "unknown platform (facebook, instagram, twitter, youtube, tiktok, telegram, vk, web, other)", get("platform"))
	}
	kind, ok := kinds[strings.ToLower(get("kind"))]
	if !ok {
		return Row{}, c.Reject("kind", "unknown kind (account, page, group, channel, website)", get("kind"))
	}
	id, handle := get("id"), strings.TrimPrefix(get("handle"), "@")
	props := map[string]any{"platform": string(platform), "kind": string(kind)}
	site := ""
	if raw := get("url"); raw != "" {
		info, ok := metacib.ParseURL(metacib.Refang(raw))
		if !ok {
			return Row{}, c.Reject("url", "not a URL", raw)
		}
		props["profileUrl"] = info.URL
		site = info.Site
		if platform == model.PlatformWeb {
			site = info.Domain
		}
		if handle == "" && platform != model.PlatformWeb {
			handle = info.Handle
		}
		if id == "" {
			id = info.NativeID
		}
	}
	if platform == model.PlatformWeb {
		if site == "" {
			site = handle
		}
		handle = keys.Domain(site)
		id = ""
	}
	if id == "" && handle == "" {
		return Row{}, c.Reject("id", "no id, handle or URL identifies the asset", "")
	}
	// The same keys as the Meta loader's, so a list and a disclosure naming
	// one asset meet on one node.
	uid := keys.AssetKey(string(platform), string(kind), site, handle, id)
	if id != "" {
		props["id"] = id
	}
	if handle != "" {
		props["handle"] = handle
		props["handleLower"] = keys.Handle(handle)
	}
	if n := get("name"); n != "" {
		props["name"] = n
	}
	if f := get("followers"); f != "" {
		n, err := strconv.ParseInt(strings.ReplaceAll(f, ",", ""), 10, 64)
		if err != nil || n < 0 {
			return Row{}, c.Reject("followers", "not a whole number", f)
		}
		props["followers"] = n
	}
	if d := get("created"); d != "" {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return Row{}, c.Reject("created", "not a date like 2019-08-19", d)
		}
		props["createdAt"] = t
	}
	conf := strings.ToLower(get("confidence"))
	switch conf {
	case "":
		conf = "reported"
	case "high", "medium", "low", "reported":
	default:
		return Row{}, c.Reject("confidence", "not high, medium or low", conf)
	}
	src := get("source")
	if src == "" {
		src = "analyst list"
	}
	r := Row{UID: uid, Props: props, Operation: get("operation"), Evidence: get("notes"), Source: src, Confidence: conf}
	if platform != model.PlatformWeb {
		r.Handle = links.HandleRow(uid, string(platform), string(kind), site, handle, src, r.Evidence, "")
	}
	// The handle first: a key made of it is too large because it is.
	ks := []loaders.Key{{Column: "handle", Value: keys.Handle(handle)}, {Column: "id", Value: uid},
		{Column: "handle", Value: keys.HandleKey(string(platform), string(kind), site, handle)}}
	if r.Operation != "" {
		ks = append(ks, loaders.Key{Column: "operation", Value: OperationUID(r.Operation)})
	}
	if rej := c.CheckKeys(ks...); rej != nil {
		return Row{}, rej
	}
	return r, nil
}

// OperationUID keys a hand-named operation: the same name (any case or
// spacing) is the same operation across lists.
func OperationUID(name string) string {
	return "manual:" + strings.Join(strings.Fields(strings.ToLower(name)), "-")
}

func read(out *loaders.Out, c *loaders.CSV) error {
	var rows, handles []map[string]any
	var uids []string
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		steps := loaders.StepsOf(assetsCypher, map[string]any{"rows": rows, "load": out.LoadID()})
		steps = append(steps, links.Memberships(out.LoadID(), out.Dataset(), uids))
		err := out.Emit(len(rows), append(steps, links.Handles(out.LoadID(), out.Dataset(), handles)...))
		rows, uids, handles = nil, nil, nil
		return err
	}
	err := loaders.ReadRows(out, c, func() (*loaders.Reject, error) {
		r, rej := parse(c)
		if rej != nil {
			return rej, nil
		}
		row := map[string]any{"uid": r.UID, "props": r.Props, "operation": nil, "operationName": nil,
			"evidence": r.Evidence, "source": r.Source, "confidence": r.Confidence, "line": c.Line()}
		if r.Operation != "" {
			row["operation"], row["operationName"] = OperationUID(r.Operation), r.Operation
		}
		rows = append(rows, row)
		uids = append(uids, r.UID)
		handles = append(handles, r.Handle)
		if len(rows) >= out.BatchSize {
			return nil, flush()
		}
		return nil, nil
	})
	if err != nil {
		return err
	}
	return flush()
}
