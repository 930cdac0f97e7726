package metacib

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/loaders"
)

// Format names the format in header errors and reject reports.
const Format = "meta-cib"

// Columns of the two schemas, lower case as loaders.CSV reports them.
var (
	IndicatorColumns = []string{"indicator_type", "indicator_value", "comment", "ds"}
	TTPColumns       = []string{"tactic", "technique", "procedure", "indicator"}
	killChainColumns = []string{"tactic", "technique", "procedure"}
	notesColumns     = []string{"notes", "note", "comments", "comment"}
)

// ErrKillChain is returned (wrapped) for Online_Operations_Killchain-TTPs.csv:
// it lists the kill chain's procedures, not a network, and loading it as one
// would create an operation with no assets. ParseKillChain reads it.
var ErrKillChain = errors.New("not a network file: this is Meta's kill-chain TTP reference list")

// File is everything one disclosure file says about its operation. Every
// non-empty row becomes exactly one record (or one reject).
type File struct {
	Operation  Operation
	Assets     []Asset
	Counts     []Count
	Facts      []Fact
	Indicators []Indicator
	TTPs       []TTP
	Rows       int // data rows read, blank ones and rejects included
	Blank      int // separator rows (",,,") skipped
	Rejects    int // rows passed to the reject callback
}

// TTPRef places a record on Meta's kill chain. The tactic and technique
// texts vary between files ("0. Acqiuring Assets", "1 Acquiring assets");
// Code, taken from the procedure, is the reliable key.
type TTPRef struct {
	Tactic    string
	Technique string
	Procedure string
	Code      string // "0.9.4"; the technique's code when the procedure is blank
}

// Asset is one account, page, group, channel or website of the operation.
type Asset struct {
	Line     int
	Key      string // the node key: keys.AssetKey
	Platform model.Platform
	Site     string // the service for PlatformOther ("medium.com"), the domain for PlatformWeb
	Kind     model.AssetKind
	Handle   string
	NativeID string
	URL      string // refanged, with a scheme
	Domain   string // keys.Domain of the URL's host
	Raw      string // the indicator as written
	// ViaPost is set when the listing is a post (t.me/NAME/42) and the asset
	// is its author; URL is then the post's.
	ViaPost  bool
	Evidence string // the procedure, or the 2022 indicator type, and the notes
	Cluster  string // 2022 files: the comment naming the actor
	TTP      TTPRef
}

// assetKey is keys.AssetKey of an asset's typed parts.
func assetKey(p model.Platform, kind model.AssetKind, site, handle, nativeID string) string {
	return keys.AssetKey(string(p), string(kind), site, handle, nativeID)
}

// Count is a number of assets Meta removed but did not list ("44 Pages").
type Count struct {
	Line     int
	Platform model.Platform
	Kind     model.AssetKind
	N        int
	Text     string
	TTP      TTPRef
}

// FactKind is what an audience or spend statement measures.
type FactKind string

const (
	FactFollowers FactKind = "followers" // accounts following the Pages / Instagram / X accounts
	FactMembers   FactKind = "members"   // accounts that joined the Groups
	FactAdSpend   FactKind = "ad_spend"
)

// Fact is an audience or ad-spend statement. Amount.Value is nil when the
// text gives no number Meta stated (placeholders, prose), never a guess.
type Fact struct {
	Line     int
	Kind     FactKind
	Platform model.Platform  // whose followers/members; "" for ad spend
	Of       model.AssetKind // the assets followed or joined
	Amount
	PaidIn string // ad spend: the currencies the ads were paid in, as written
	Text   string
	TTP    TTPRef
}

// Indicator is a machine-readable value that is not an asset of the
// operation: a hash, IP, e-mail address, hashtag, or a URL of a post,
// petition or third-party site.
type Indicator struct {
	Line     int
	Type     string // url, domain, ip, email, hashtag, md5, sha1, sha256
	Value    string // refanged; the URL with a scheme for urls
	Raw      string
	Domain   string         // urls, domains and e-mail addresses
	Platform model.Platform // urls on a known service
	Site     string
	Handle   string // the author a post URL names
	NativeID string
	Listed   string // 2022 files: the indicator_type as published
	Evidence string
	Cluster  string
	TTP      TTPRef
}

// TTP is a row of prose documenting a procedure.
type TTP struct {
	Line int
	TTPRef
	Indicator string // as written, whitespace folded
	Notes     string
}

// Parse reads one disclosure file. file labels messages and names the
// operation (see OperationFor). Rows that cannot be interpreted go to reject
// with file, line, column and reason; a non-nil error from reject stops the
// parse. A file with neither schema's header is refused with a
// *loaders.HeaderError naming both, and the kill-chain reference list with
// an error wrapping ErrKillChain.
func Parse(r io.Reader, file string, reject func(loaders.Reject) error) (*File, error) {
	c, schema, err := open(r, file)
	if err != nil {
		return nil, err
	}
	f := &File{Operation: OperationFor(file)}
	f.Operation.Schema = schema
	if len(f.Operation.ID) > loaders.MaxIndexedBytes {
		return nil, fmt.Errorf("%s: %s: the operation id the file name gives has %d bytes; Neo4j indexes at most %d",
			file, loaders.CodeTooLarge, len(f.Operation.ID), loaders.MaxIndexedBytes)
	}
	p := parser{f: f, c: c, reject: reject}
	if schema == SchemaTTP {
		for _, n := range notesColumns {
			if c.Has(n) {
				p.notesCol = n
				break
			}
		}
	}
	for {
		rej, err := c.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return f, err
		}
		f.Rows++
		if rej != nil {
			if err := p.rejectRow(rej); err != nil {
				return f, err
			}
			continue
		}
		if schema == SchemaIndicators {
			err = p.indicatorRow()
		} else {
			err = p.ttpRow()
		}
		if err != nil {
			return f, err
		}
	}
	return f, nil
}

// ParseFile parses every CSV stream of path (.csv, .csv.gz, or each .csv in
// a .zip), one File per stream, stopping at the first refused stream.
func ParseFile(path string, reject func(loaders.Reject) error) ([]*File, error) {
	entries, err := loaders.Entries(path)
	if err != nil {
		return nil, err
	}
	var out []*File
	for _, e := range entries {
		rc, err := e.Open(&loaders.Counter{})
		if err != nil {
			return out, err
		}
		f, err := Parse(rc, e.Label(), reject)
		rc.Close()
		if err != nil {
			return out, err
		}
		out = append(out, f)
	}
	return out, nil
}

// open reads the header and picks the schema. loaders.NewCSV is asked for no
// column so that the refusal can name both schemas, which it cannot.
func open(r io.Reader, file string) (*loaders.CSV, Schema, error) {
	c, err := loaders.NewCSV(r, file, Format, nil)
	var he *loaders.HeaderError
	if errors.As(err, &he) || err == nil && len(c.Header()) == 0 {
		return nil, "", headerError(file, nil)
	}
	if err != nil {
		return nil, "", err
	}
	if hasAll(c, IndicatorColumns) {
		return c, SchemaIndicators, nil
	}
	if hasAll(c, TTPColumns) {
		return c, SchemaTTP, nil
	}
	if hasAll(c, killChainColumns) {
		return nil, "", fmt.Errorf("%s: %w (Tactic,Technique,Procedure with no Indicator column); "+
			"load the network files, or read it with metacib.ParseKillChain", file, ErrKillChain)
	}
	return nil, "", headerError(file, c.Header())
}

func hasAll(c *loaders.CSV, cols []string) bool {
	for _, col := range cols {
		if !c.Has(col) {
			return false
		}
	}
	return true
}

// headerError names both column sets; Missing lists what the closer one
// lacks, so a header with a typo points at the typo.
func headerError(file string, got []string) *loaders.HeaderError {
	missing := func(cols []string) []string {
		have := map[string]bool{}
		for _, g := range got {
			have[g] = true
		}
		var m []string
		for _, c := range cols {
			if !have[c] {
				m = append(m, c)
			}
		}
		return m
	}
	mi, mt := missing(IndicatorColumns), missing(TTPColumns)
	m := mi
	if len(mt) < len(mi) {
		m = mt
	}
	return &loaders.HeaderError{
		File:    file,
		Format:  Format,
		Missing: m,
		Expected: []string{strings.Join(IndicatorColumns, ",") + " (2022 schema) or " +
			strings.Join(TTPColumns, ",") + "[,notes|note|comments] (2023+ schema)"},
		Got: got,
	}
}

type parser struct {
	f        *File
	c        *loaders.CSV
	reject   func(loaders.Reject) error
	notesCol string
}

func (p *parser) rejectRow(r *loaders.Reject) error {
	p.f.Rejects++
	if p.reject == nil {
		return nil
	}
	return p.reject(*r)
}

// indicatorRow handles the 2022 schema, where the type is given.
func (p *parser) indicatorRow() error {
	typ := strings.ToLower(cleanCell(p.c.Get("indicator_type")))
	raw := cleanCell(p.c.Get("indicator_value"))
	comment := cleanCell(p.c.Get("comment"))
	ds := cleanCell(p.c.Get("ds"))
	if typ == "" && raw == "" && comment == "" && ds == "" {
		p.f.Blank++
		return nil
	}
	if ds != "" && (p.f.Operation.Published == "" || len(p.f.Operation.Published) < len(ds)) {
		p.f.Operation.Published = ds
	}
	line := p.c.Line()
	value := Refang(raw)
	evidence := typ
	if comment != "" {
		evidence += ": " + comment
	}
	ind := Indicator{Line: line, Raw: raw, Listed: typ, Evidence: evidence, Cluster: comment}
	if raw == "" {
		return p.rejectRow(p.c.Reject("indicator_value", "empty indicator_value", raw))
	}
	switch typ {
	case "domain_name", "domain":
		u, ok := parseLooseURL(value)
		if !ok || strings.Trim(u.Path, "/") != "" || strings.ContainsAny(value, " /") {
			return p.rejectRow(p.c.Reject("indicator_value", "domain_name is not a domain", raw))
		}
		d := keys.Domain(u.Hostname())
		return p.addAsset(Asset{Line: line, Key: assetKey(model.PlatformWeb, model.KindWebsite, d, "", ""),
			Platform: model.PlatformWeb, Site: d, Kind: model.KindWebsite, URL: "https://" + d, Domain: d,
			Raw: raw, Evidence: evidence, Cluster: comment})
	case "md5", "sha1", "sha256", "ip", "ip_address", "ipv4", "ipv6", "email":
		want := map[string]tokenKind{"md5": tokMD5, "sha1": tokSHA1, "sha256": tokSHA256, "ip": tokIP,
			"ip_address": tokIP, "ipv4": tokIP, "ipv6": tokIP, "email": tokEmail}[typ]
		if classifyToken(value) != want {
			return p.rejectRow(p.c.Reject("indicator_value", fmt.Sprintf("not a valid %s", typ), raw))
		}
		ind.Type, ind.Value = tokenType(want), value
		if want == tokMD5 || want == tokSHA1 || want == tokSHA256 {
			ind.Value = strings.ToLower(value)
		}
		if want == tokEmail {
			ind.Domain = keys.Domain(value[strings.LastIndex(value, "@")+1:])
		}
		p.f.Indicators = append(p.f.Indicators, ind)
		return nil
	case "cib_url", "telegram_url", "phishing_url", "url":
		info, ok := ParseURL(value)
		if !ok || strings.ContainsAny(value, " \t") {
			return p.rejectRow(p.c.Reject("indicator_value", typ+" is not a URL", raw))
		}
		if typ == "telegram_url" && info.Platform != model.PlatformTelegram {
			return p.rejectRow(p.c.Reject("indicator_value", "telegram_url is not a Telegram URL", raw))
		}
		if typ == "phishing_url" {
			// A phishing page is the operation's, but it is a page, not a
			// presence; its domain is listed separately as domain_name.
			p.addURLIndicator(ind, info)
			return nil
		}
		return p.placeURL(line, raw, info, ctxListed, evidence, comment, TTPRef{})
	}
	return p.rejectRow(p.c.Reject("indicator_type", fmt.Sprintf("unknown indicator_type %q", typ), raw))
}

func tokenType(k tokenKind) string {
	return map[tokenKind]string{tokURL: "url", tokIP: "ip", tokEmail: "email", tokHashtag: "hashtag",
		tokMD5: "md5", tokSHA1: "sha1", tokSHA256: "sha256"}[k]
}

var reAnnotated = regexp.MustCompile(`^(\S+)\s+([(\[][^()\[\]]*[)\]])$`)

var reCode = regexp.MustCompile(`^(\d+(?:\.\d+)*)\.?(?:\s|$)`)

func ttpCode(s string) string {
	if m := reCode.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// ttpRow handles the 2023+ schema, where only the procedure says what the
// Indicator cell is.
func (p *parser) ttpRow() error {
	ref := TTPRef{
		Tactic:    cleanCell(p.c.Get("tactic")),
		Technique: cleanCell(p.c.Get("technique")),
		Procedure: cleanCell(p.c.Get("procedure")),
	}
	raw := cleanCell(p.c.Get("indicator"))
	notes := ""
	if p.notesCol != "" {
		notes = cleanCell(p.c.Get(p.notesCol))
	}
	if ref.Tactic == "" && ref.Technique == "" && ref.Procedure == "" && raw == "" && notes == "" {
		p.f.Blank++
		return nil
	}
	ref.Code = ttpCode(ref.Procedure)
	if ref.Code == "" {
		ref.Code = ttpCode(ref.Technique)
	}
	line := p.c.Line()
	evidence := ref.Procedure
	if evidence == "" {
		evidence = ref.Technique
	}
	if notes != "" {
		evidence += " — " + notes
	}
	proc := procedureOf(ref)
	ttp := func() error {
		p.f.TTPs = append(p.f.TTPs, TTP{Line: line, TTPRef: ref, Indicator: raw, Notes: notes})
		return nil
	}
	if raw == "" {
		return ttp()
	}

	switch proc.role {
	case roleAudience:
		if a, ok := ParseAudience(raw); ok {
			p.f.Facts = append(p.f.Facts, Fact{Line: line, Kind: proc.fact, Platform: proc.platform, Of: proc.kind,
				Amount: a, Text: raw, TTP: ref})
			return nil
		}
	case roleAdSpend:
		if a, paidIn, ok := ParseAdSpend(raw); ok {
			p.f.Facts = append(p.f.Facts, Fact{Line: line, Kind: FactAdSpend, Amount: a, PaidIn: paidIn, Text: raw, TTP: ref})
			return nil
		}
	}
	if proc.counts {
		if n, kind, platform, ok := ParseCount(raw); ok {
			if platform == "" {
				platform = proc.platform
			}
			if platform == "" {
				platform = model.PlatformOther
			}
			p.f.Counts = append(p.f.Counts, Count{Line: line, Platform: platform, Kind: kind, N: n, Text: raw, TTP: ref})
			return nil
		}
	}
	token := raw
	if m := reAnnotated.FindStringSubmatch(raw); m != nil {
		// "jiraboom[.]pro (Hosted a spoof of Der Spiegel)": a value with a
		// bracketed remark, which joins the evidence.
		token, evidence = m[1], evidence+" — "+m[2]
	}
	if strings.ContainsAny(token, " ") {
		return ttp() // prose
	}
	value := Refang(token)
	kind := classifyToken(value)
	switch kind {
	case tokText:
		if proc.platformAccounts {
			// "Acquiring X / Twitter accounts" lists URLs; a single word
			// that is not one (t[.]/RGUD_bot) is a broken listing.
			return p.rejectRow(p.c.Reject("indicator", "not a URL under "+ref.Procedure, raw))
		}
		return ttp()
	case tokURL:
		info, _ := ParseURL(value)
		return p.placeURL(line, raw, info, proc.ctx, evidence, "", ref)
	}
	ind := Indicator{Line: line, Type: tokenType(kind), Value: value, Raw: raw, Evidence: evidence, TTP: ref}
	switch kind {
	case tokEmail:
		ind.Domain = keys.Domain(value[strings.LastIndex(value, "@")+1:])
	case tokMD5, tokSHA1, tokSHA256:
		ind.Value = strings.ToLower(value)
	}
	p.f.Indicators = append(p.f.Indicators, ind)
	return nil
}

// placeURL makes a listed URL an asset or an indicator according to what it
// points at and where it is listed.
func (p *parser) placeURL(line int, raw string, info URLInfo, ctx assetContext, evidence, cluster string, ref TTPRef) error {
	asset := Asset{Line: line, Platform: info.Platform, Site: info.Site, Kind: info.Kind, Handle: info.Handle,
		NativeID: info.NativeID, URL: info.URL, Domain: info.Domain, Raw: raw, Evidence: evidence, Cluster: cluster, TTP: ref}
	if !assetOf(&asset, info, ctx) {
		p.addURLIndicator(Indicator{Line: line, Raw: raw, Evidence: evidence, Cluster: cluster, TTP: ref}, info)
		return nil
	}
	asset.Key = assetKey(asset.Platform, asset.Kind, asset.Site, asset.Handle, asset.NativeID)
	return p.addAsset(asset)
}

// addAsset keeps a, or rejects its row when what a writes to indexed
// properties (its key, handle and website domain; see assetRow) is too
// large for them.
func (p *parser) addAsset(a Asset) error {
	col := "indicator"
	if p.f.Operation.Schema == SchemaIndicators {
		col = "indicator_value"
	}
	ks := []loaders.Key{{Column: col, Value: a.Key}, {Column: col, Value: keys.Handle(a.Handle)},
		{Column: col, Value: keys.HandleKey(string(a.Platform), string(a.Kind), a.Site, a.Handle)}}
	if a.Platform == model.PlatformWeb {
		ks = append(ks, loaders.Key{Column: col, Value: a.Domain})
	}
	if rej := p.c.CheckKeys(ks...); rej != nil {
		return p.rejectRow(rej)
	}
	p.f.Assets = append(p.f.Assets, a)
	return nil
}

// assetOf decides whether a URL listed in ctx is an asset, adjusting a to
// what the asset is; false means the URL is only an indicator.
func assetOf(a *Asset, info URLInfo, ctx assetContext) bool {
	web := func() bool {
		a.Platform, a.Site, a.Kind, a.Handle, a.NativeID = model.PlatformWeb, info.Domain, model.KindWebsite, "", ""
		return true
	}
	switch {
	case ctx == ctxNone:
		return false
	case info.Shape == ShapeSite:
		return web()
	case info.Shape == ShapeProfile:
		return true
	case info.Shape == ShapePost && (info.Handle != "" || info.NativeID != ""):
		a.ViaPost = true
		return true
	case info.Shape == ShapePage && info.Platform == model.PlatformOther && ctx == ctxWebsites:
		// "0.6.2 Acquiring domains": a URL with a path still names the site.
		return web()
	case info.Shape == ShapePage && info.Platform == model.PlatformOther && ctx == ctxAccounts && info.Handle != "":
		// "0.9.8 Acquiring accounts on online forums" lists accounts on
		// hundreds of small services; the page stands for the account.
		return true
	}
	return false
}

func (p *parser) addURLIndicator(ind Indicator, info URLInfo) {
	ind.Type, ind.Value, ind.Domain = "url", info.URL, info.Domain
	if info.Shape == ShapeSite {
		ind.Type, ind.Value = "domain", info.Domain
	}
	switch {
	case info.Shape == ShapeSite || info.Shape == ShapePage && info.Platform == model.PlatformOther:
		// A page of an unknown site says nothing about any account there.
		ind.Platform, ind.Site = model.PlatformWeb, info.Domain
	default:
		ind.Platform, ind.Site, ind.Handle, ind.NativeID = info.Platform, info.Site, info.Handle, info.NativeID
	}
	p.f.Indicators = append(p.f.Indicators, ind)
}
