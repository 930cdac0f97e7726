package bulk

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/loaders"
	"github.com/iograph/iograph/loaders/assets"
	"github.com/iograph/iograph/loaders/crowdtangle"
	"github.com/iograph/iograph/loaders/links"
	"github.com/iograph/iograph/loaders/metacib"
	"github.com/iograph/iograph/loaders/shares"
	"github.com/iograph/iograph/loaders/twitterio"
)

// Input is files of one format, as one `iograph load FORMAT FILE...`
// names them.
type Input struct {
	Format string
	Files  []string
	Shares shares.Config // the shares format's account ids
}

// Job is one CSV stream of an import, the format that reads it and the
// dataset it goes into.
type Job struct {
	Kind    string
	Dataset string
	Entry   loaders.Entry
	reader  *loaders.Reader // nil for twitter-io, which converts rows (convert.go)
}

// Jobs lists the streams of inputs in import order, each with the dataset
// a load of it records: dataset, or else the one its format takes from the
// file's name.
func Jobs(inputs []Input, dataset string) ([]Job, error) {
	var jobs []Job
	for _, in := range inputs {
		if in.Format == twitterio.Kind {
			tj, err := twitterio.Jobs(in.Files, dataset)
			if err != nil {
				return nil, err
			}
			for _, j := range tj {
				jobs = append(jobs, Job{Kind: twitterio.Kind, Dataset: j.Dataset, Entry: j.Entry})
			}
			continue
		}
		r, err := readerOf(in, dataset)
		if err != nil {
			return nil, err
		}
		for _, p := range in.Files {
			entries, err := loaders.Entries(p)
			if err != nil {
				return nil, fmt.Errorf("load %s: %w", p, err)
			}
			for _, e := range entries {
				jobs = append(jobs, Job{Kind: r.Kind, Dataset: r.Dataset(p, e), Entry: e, reader: &r})
			}
		}
	}
	return jobs, nil
}

// readerOf is the reader the online loader reads in's format with.
func readerOf(in Input, dataset string) (loaders.Reader, error) {
	switch in.Format {
	case shares.Kind:
		return shares.Reader(in.Shares, dataset), nil
	case crowdtangle.Kind:
		return crowdtangle.Reader(dataset), nil
	case assets.Kind:
		return assets.Reader(dataset), nil
	case metacib.Format:
		return metacib.Reader(dataset), nil
	}
	return loaders.Reader{}, apperr.New(apperr.BadInput, "import: unknown format %q", in.Format)
}

// formatState is what the conversion of formats other than twitter-io
// adds to a converter.
type formatState struct {
	once  sync.Once       // once every file is read (loadsRead)
	tweet []bool          // by load: a twitter-io file's
	mixed map[string]bool // the datasets a file of another format than twitter-io loads

	mu       sync.Mutex // variants, written by concurrent folds of different kinds
	variants map[string]map[string]*table
}

func (c *converter) job(j Job, id string) error {
	if j.reader == nil {
		return c.file(twitterio.Job{Dataset: j.Dataset, Entry: j.Entry}, id)
	}
	return c.entry(j, id)
}

// entry converts one stream of a format that loads through a
// loaders.Reader: the format's own opener and parser write batches of
// statements to an Out, as in a load, and each batch's statements become
// the facts they would write (stepFacts).
func (c *converter) entry(j Job, id string) error {
	e := j.Entry
	r, rc, pos, err := c.open(j.Dataset, e)
	if err != nil {
		return err
	}
	defer rc.Close()
	parse, err := j.reader.Open(j.Dataset)(r, e.Label())
	if err != nil {
		return err
	}
	fl := &loaders.FileLoad{ID: id, Kind: j.Kind, Dataset: j.Dataset, Entry: e}
	// not in dsLoads: those are the loads a twitter-io derivation records
	f := &stepFacts{c: c, load: c.addLoad(fl), dataset: j.Dataset, label: e.Label()}
	clear(c.recent)
	c.opts.Progress.Track(e.Label(), e.Size, pos)
	out := loaders.NewOut(c.ctx, fl, c.rej, c.opts.Progress, c.opts.BatchSize, func(b loaders.Batch) error {
		fl.Batches.Add(1)
		return f.batch(b)
	})
	return parse(out)
}

// open opens an entry as a load does (loaders.RunEntry): the dataset
// name's bound first, then the stream, counted for progress, and read
// through the field cap (loaders.Limit's reader itself: the parsers take
// their caps from it).
func (c *converter) open(dataset string, e loaders.Entry) (io.Reader, io.Closer, *loaders.Counter, error) {
	if len(dataset) > loaders.MaxIndexedBytes {
		return nil, nil, nil, fmt.Errorf("load %s: %s: the dataset name has %d bytes; Neo4j indexes at most %d", e.Label(), loaders.CodeTooLarge, len(dataset), loaders.MaxIndexedBytes)
	}
	pos := &loaders.Counter{}
	rc, err := e.Open(pos)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("load %s: %w", e.Label(), err)
	}
	return loaders.Limit(rc, c.opts.MaxFieldBytes), rc, pos, nil
}

// addLoad records a file's load, and its dataset when it is the first to
// name it; it returns the load's index.
func (c *converter) addLoad(fl *loaders.FileLoad) int {
	c.res.Files = append(c.res.Files, fl)
	if _, ok := c.dsIndex[fl.Dataset]; !ok {
		c.dsIndex[fl.Dataset] = len(c.datasets)
		c.datasets = append(c.datasets, fl.Dataset)
	}
	c.loads = append(c.loads, fl.ID)
	c.loadDS = append(c.loadDS, c.dsIndex[fl.Dataset])
	return len(c.loads) - 1
}

// conversion writes the facts of every statement of one .cypher file, in
// the file's order of statements, for the parameters a batch runs it with.
type conversion func(f *stepFacts, p map[string]any) error

// conversions are keyed by the names loaders.Reader.Cypher and
// links.Cypher give the files.
var conversions = map[string]conversion{
	"links/memberships.cypher": (*stepFacts).memberships,
	"links/handles.cypher":     (*stepFacts).handles,
	"links/hashtags.cypher":    (*stepFacts).hashtags,
	"links/urls.cypher":        (*stepFacts).urls,
	"links/domains.cypher":     (*stepFacts).domains,
	"links/images.cypher":      (*stepFacts).images,

	"shares/accounts.cypher":      (*stepFacts).sharesAccounts,
	"shares/posts.cypher":         (*stepFacts).sharesPosts,
	"shares/reshares.cypher":      (*stepFacts).reshares,
	"crowdtangle/accounts.cypher": (*stepFacts).crowdtangleAccounts,
	"crowdtangle/posts.cypher":    (*stepFacts).crowdtanglePosts,
	"assets/assets.cypher":        (*stepFacts).assetList,

	"meta-cib/write_operation.cypher": (*stepFacts).operation,
	"meta-cib/write_assets.cypher":    (*stepFacts).disclosedAssets,
}

// statement is one statement a batch may run: the conversion of its file
// and its place there. The conversion runs on the file's first statement
// and writes the facts of all of them; the others follow it in the batch.
type statement struct {
	file  string
	index int
	conv  conversion
}

// statements maps the text of every statement the formats' batches run
// (as loaders.StepsOf splits a file, and a whole one-statement file as
// a Step may hold it) to its conversion.
var statements = func() map[string]statement {
	files := map[string]string{}
	for _, r := range []loaders.Reader{shares.Reader(shares.Config{}, ""), crowdtangle.Reader(""), assets.Reader(""), metacib.Reader("")} {
		for name, text := range r.Cypher {
			files[name] = text
		}
	}
	for name, text := range links.Cypher {
		files[name] = text
	}
	out := map[string]statement{}
	for name, text := range files {
		conv := conversions[name]
		if conv == nil {
			panic("bulk: no conversion for " + name) // a test's failure, never a user's
		}
		stmts := loaders.Statements(text)
		for i, s := range stmts {
			// a later statement may repeat another file's (they are
			// skipped), a first one must not: it picks the conversion
			if prev, ok := out[s]; ok && prev.file != name && (i == 0 || prev.index == 0) {
				panic("bulk: " + name + " and " + prev.file + " share a statement that starts one of them")
			}
			out[s] = statement{name, i, conv}
		}
		if len(stmts) == 1 {
			out[strings.TrimSpace(text)] = statement{name, 0, conv}
		}
	}
	return out
}()

// stepFacts turns the statements of one file's batches into facts.
type stepFacts struct {
	c       *converter
	load    int
	dataset string
	label   string
}

func (f *stepFacts) batch(b loaders.Batch) error {
	if len(b.Prepare) > 0 || len(b.Own) > 0 {
		return fmt.Errorf("bulk: %s: a batch with staged statements, which this conversion does not know", f.label)
	}
	for _, s := range b.Steps {
		st, ok := statements[strings.TrimSpace(s.Query)]
		if !ok {
			return fmt.Errorf("bulk: %s: a statement the import has no conversion for (loaders/bulk/formats.go): %.120q", f.label, s.Query)
		}
		if st.index > 0 {
			continue
		}
		if err := st.conv(f, s.Params); err != nil {
			return fmt.Errorf("bulk: %s: %s: %w", f.label, st.file, err)
		}
	}
	return nil
}

func rowsOf(p map[string]any) []map[string]any {
	rows, _ := p["rows"].([]map[string]any)
	return rows
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// memberships.cypher: the accounts belong to the dataset.
func (f *stepFacts) memberships(p map[string]any) error {
	uids, _ := p["uids"].([]string)
	for _, uid := range uids {
		if err := f.c.relFact(rInDataset, uid+sep+f.dataset, f.load, nil); err != nil {
			return err
		}
	}
	return nil
}

// handles.cypher: Handle nodes, then the observations (HELD per dataset).
func (f *stepFacts) handles(p map[string]any) error {
	rows := rowsOf(p)
	for _, r := range rows {
		if err := f.c.nodeFact(nHandle, str(r, "key"), opCreate, f.load, map[string]any{"platform": r["platform"], "handle": r["lower"]}); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if err := f.c.relFact(rHeld, str(r, "uid")+sep+str(r, "key")+sep+f.dataset, f.load, map[string]any{"dataset": f.dataset,
			"handle": r["handle"], "source": r["source"], "evidence": r["evidence"], "asOf": r["asOf"]}); err != nil {
			return err
		}
	}
	return nil
}

// link writes the statements of a links file: a node of kind keyed by each
// row's key, then a relationship of typ from the row's post to it.
func (f *stepFacts) link(p map[string]any, kind, key, typ string) error {
	rows := rowsOf(p)
	for _, r := range rows {
		if err := f.c.nodeFact(kind, str(r, key), opCreate, f.load, nil); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if err := f.c.relFact(typ, str(r, "post")+sep+str(r, key), f.load, nil); err != nil {
			return err
		}
	}
	return nil
}

func (f *stepFacts) hashtags(p map[string]any) error { return f.link(p, nHashtag, "tag", rTags) }
func (f *stepFacts) domains(p map[string]any) error {
	return f.link(p, nDomain, "domain", rLinksDomain)
}
func (f *stepFacts) images(p map[string]any) error { return f.link(p, nImage, "hash", rHasImage) }

// urls.cypher: Url and Domain nodes, then LINKS and ON_DOMAIN.
func (f *stepFacts) urls(p map[string]any) error {
	rows := rowsOf(p)
	for _, r := range rows {
		if err := f.c.nodeFact(nURL, str(r, "url"), opCreate, f.load, nil); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if d := str(r, "domain"); d != "" {
			if err := f.c.nodeFact(nDomain, d, opCreate, f.load, nil); err != nil {
				return err
			}
		}
	}
	for _, r := range rows {
		if err := f.c.relFact(rLinks, str(r, "post")+sep+str(r, "url"), f.load, nil); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if d := str(r, "domain"); d != "" {
			if err := f.c.relFact(rOnDomain, str(r, "url")+sep+d, f.load, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// nodes writes one node fact per row: kind keyed by the row's key, with
// the properties props makes of the row.
func (f *stepFacts) nodes(rows []map[string]any, kind, key string, op byte, props func(map[string]any) map[string]any) error {
	for _, r := range rows {
		if err := f.c.nodeFact(kind, str(r, key), op, f.load, props(r)); err != nil {
			return err
		}
	}
	return nil
}

func noProps(map[string]any) map[string]any { return nil }

// rowProps reads a row's property map (SET a += r.props).
func rowProps(r map[string]any) map[string]any {
	p, _ := r["props"].(map[string]any)
	return p
}

// shares/accounts.cypher
func (f *stepFacts) sharesAccounts(p map[string]any) error {
	return f.nodes(rowsOf(p), nAccount, "uid", opSet, func(r map[string]any) map[string]any {
		return map[string]any{"platform": r["platform"], "kind": "account", "id": r["id"], "anonymised": r["anonymised"]}
	})
}

// posts writes the statements shares/posts.cypher and crowdtangle/posts.cypher
// share: the post, its author (created with stub's properties when new),
// the post's properties (platform, when not "", overrides the row's) and
// POSTED.
func (f *stepFacts) posts(p map[string]any, stub func(map[string]any) map[string]any, platform string) error {
	rows := rowsOf(p)
	if err := f.nodes(rows, nPost, "uid", opCreate, noProps); err != nil {
		return err
	}
	if err := f.nodes(rows, nAccount, "account", opCreate, stub); err != nil {
		return err
	}
	err := f.nodes(rows, nPost, "uid", opSet, func(r map[string]any) map[string]any {
		ms, _ := r["timeMs"].(int64)
		pl := r["platform"]
		if platform != "" {
			pl = platform
		}
		return map[string]any{"id": r["id"], "platform": pl, "timeMs": ms, "time": instant(ms)}
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := f.c.relFact(rPosted, str(r, "uid")+sep+str(r, "account"), f.load, nil); err != nil {
			return err
		}
	}
	return nil
}

// shares/posts.cypher
func (f *stepFacts) sharesPosts(p map[string]any) error {
	return f.posts(p, func(r map[string]any) map[string]any {
		return map[string]any{"platform": r["platform"], "kind": "account", "id": r["accountId"]}
	}, "")
}

// crowdtangle/posts.cypher
func (f *stepFacts) crowdtanglePosts(p map[string]any) error {
	return f.posts(p, func(r map[string]any) map[string]any {
		return map[string]any{"platform": r["platform"], "id": r["accountId"]}
	}, "facebook")
}

// shares/reshares.cypher: the re-shared post, then RETWEET_OF.
func (f *stepFacts) reshares(p map[string]any) error {
	rows := rowsOf(p)
	err := f.nodes(rows, nPost, "object", opCreate, func(r map[string]any) map[string]any {
		return map[string]any{"id": r["objectId"], "platform": r["platform"]}
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := f.c.relFact(rRetweet, str(r, "post")+sep+str(r, "object"), f.load, nil); err != nil {
			return err
		}
	}
	return nil
}

// crowdtangle/accounts.cypher
func (f *stepFacts) crowdtangleAccounts(p map[string]any) error {
	return f.nodes(rowsOf(p), nAccount, "uid", opSet, rowProps)
}

// assets/assets.cypher: the accounts, the operations the rows name, the
// accounts' properties, then PART_OF with the row's evidence.
func (f *stepFacts) assetList(p map[string]any) error {
	rows := rowsOf(p)
	var named []map[string]any
	for _, r := range rows {
		if r["operation"] != nil {
			named = append(named, r)
		}
	}
	if err := f.nodes(rows, nAccount, "uid", opCreate, noProps); err != nil {
		return err
	}
	err := f.nodes(named, nOperation, "operation", opCreate, func(r map[string]any) map[string]any {
		return map[string]any{"name": r["operationName"], "source": r["source"]}
	})
	if err != nil {
		return err
	}
	if err := f.nodes(rows, nAccount, "uid", opSet, rowProps); err != nil {
		return err
	}
	for _, r := range named {
		if err := f.c.relFact(rPartOf, str(r, "uid")+sep+str(r, "operation"), f.load, map[string]any{"evidence": r["evidence"],
			"source": r["source"], "confidence": r["confidence"], "line": r["line"]}); err != nil {
			return err
		}
	}
	return nil
}

// meta-cib/write_operation.cypher: the operation and its IN_DATASET.
func (f *stepFacts) operation(p map[string]any) error {
	op, _ := p["op"].(map[string]any)
	uid := str(op, "uid")
	if err := f.c.nodeFact(nOperation, uid, opSet, f.load, op); err != nil {
		return err
	}
	return f.c.relFact(rOperationIn, uid+sep+f.dataset, f.load, nil)
}

// meta-cib/write_assets.cypher: the operation, the accounts (described by
// the first listing), the websites' domains, PART_OF with the listing's
// evidence, and HAS_DOMAIN.
func (f *stepFacts) disclosedAssets(p map[string]any) error {
	rows, op := rowsOf(p), str(p, "operation")
	if err := f.c.nodeFact(nOperation, op, opCreate, f.load, nil); err != nil {
		return err
	}
	if err := f.nodes(rows, nAccount, "uid", opCreate, rowProps); err != nil {
		return err
	}
	var sites []map[string]any
	for _, r := range rows {
		if str(r, "domain") != "" {
			sites = append(sites, r)
		}
	}
	if err := f.nodes(sites, nDomain, "domain", opCreate, noProps); err != nil {
		return err
	}
	for _, r := range rows {
		if err := f.c.relFact(rPartOf, str(r, "uid")+sep+op, f.load, map[string]any{"evidence": r["evidence"], "source": p["source"],
			"confidence": "disclosed", "line": r["line"], "lines": r["lines"], "ttp": r["ttp"], "viaPost": r["viaPost"], "url": r["url"]}); err != nil {
			return err
		}
	}
	for _, r := range sites {
		if err := f.c.relFact(rHasDomain, str(r, "uid")+sep+str(r, "domain"), f.load, nil); err != nil {
			return err
		}
	}
	return nil
}

// Node kinds and relationship types only the other formats write.
const (
	nImage     = "Image"
	nOperation = "Operation"

	rLinksDomain = "LINKS_DOMAIN"
	rHasImage    = "HAS_IMAGE"
	rPartOf      = "PART_OF"
	rHasDomain   = "HAS_DOMAIN"
	// rOperationIn is IN_DATASET from an operation: a file of its own, since
	// a relationship file's start nodes are of one id space.
	rOperationIn = "OPERATION_IN_DATASET"
)

func relTypeOf(name string) string {
	if name == rOperationIn {
		return rInDataset
	}
	return name
}

var (
	operationCols = []column{{"name", "string"}, {"source", "string"}, {"period", "string"}, {"published", "string"},
		{"file", "string"}, {"schema", "string"}, {"countPlatforms", "string[]"}, {"countKinds", "string[]"},
		{"countValues", "long[]"}, {"countTexts", "string[]"}, {"factKinds", "string[]"}, {"factPlatforms", "string[]"},
		{"factValues", "long[]"}, {"factTexts", "string[]"}, {"indicatorTypes", "string[]"}, {"indicatorValues", "string[]"},
		{"ttps", "string[]"}}
	partOfCols = []column{{"evidence", "string"}, {"source", "string"}, {"confidence", "string"}, {"line", "long"},
		{"lines", "long[]"}, {"ttp", "string"}, {"viaPost", "boolean"}, {"url", "string"}}
)

// The other formats' kinds, types and properties join the tables of
// convert.go and fold.go here, next to the conversions that write them.
func init() {
	nodeKinds = append(nodeKinds, nImage, nOperation)
	relTypes = append(relTypes, rLinksDomain, rHasImage, rPartOf, rHasDomain, rOperationIn)
	registerNodeFile(nImage, "hash", "Image", nil)
	registerNodeFile(nOperation, "uid", "Operation", operationCols)
	addColumns(nAccount, column{"anonymised", "boolean"}, column{"verified", "boolean"}, column{"crowdtangleId", "string"},
		column{"site", "string"})
	addColumns(nPost, column{"platform", "string"})
	registerRelFile(rLinksDomain, nPost, nDomain, nil)
	registerRelFile(rHasImage, nPost, nImage, nil)
	registerRelFile(rPartOf, nAccount, nOperation, partOfCols)
	registerRelFile(rHasDomain, nAccount, nDomain, nil)
	registerRelFile(rOperationIn, nOperation, "Dataset", nil)
}

func registerNodeFile(kind, key, labels string, cols []column) {
	nf := nodeFiles[kind] // the zero value, of the table's own type
	nf.key, nf.labels, nf.cols = key, labels, cols
	nodeFiles[kind] = nf
}

func addColumns(kind string, cols ...column) {
	nf := nodeFiles[kind]
	nf.cols = append(slices.Clip(nf.cols), cols...)
	nodeFiles[kind] = nf
}

// registerRelFile adds a relationship type sorted by its start node.
func registerRelFile(name, from, to string, cols []column) {
	rf := relFiles[name]
	rf.from, rf.to, rf.cols = from, to, cols
	relFiles[name] = rf
}

// listValue is a list property: an array column's field. A list of one
// empty string is blankList, which no list joins to (NUL never occurs in a
// value), so that writeNode tells it from an empty list.
func listValue(l any) value {
	var parts []string
	tag := tagInts
	switch x := l.(type) {
	case []string:
		if len(x) == 1 && x[0] == "" {
			return value{tag: tagStrings, s: blankList}
		}
		parts, tag = x, tagStrings
	case []int64:
		for _, n := range x {
			parts = append(parts, strconv.FormatInt(n, 10))
		}
	case []int:
		for _, n := range x {
			parts = append(parts, strconv.Itoa(n))
		}
	}
	return value{tag: tag, s: strings.Join(parts, arrayDelimiter)}
}

const blankList = "\x00"

// Properties and label of the nodes with lists neo4j-admin cannot write
// (restore_lists.cypher).
const (
	fixLabel   = "ImportFix"
	fixEmpty   = "importEmptyLists"
	fixBlank   = "importBlankLists"
	fixColumns = 2
)

//go:embed restore_lists.cypher
var restoreListsCypher string

// RestoreLists sets the lists the import could not write (writeNode), on
// the imported database once it runs; it returns how many nodes had such
// lists.
func RestoreLists(ctx context.Context, t loaders.Target) (int, error) {
	res, err := t.Query(ctx, restoreListsCypher, nil, neo4j.ExecuteQueryWithWritersRouting())
	if err != nil {
		return 0, fmt.Errorf("import: restore lists: %w", err)
	}
	n, _, err := neo4j.GetRecordValue[int64](res.Records[0], "restored")
	return int(n), err
}

// unwritableLists takes the lists out of cur that a CSV field cannot hold,
// and names them in the properties restore_lists.cypher reads.
func unwritableLists(cur props) (props, bool) {
	var empty, blank []string
	for _, x := range cur {
		if (x.val.tag == tagStrings || x.val.tag == tagInts) && (x.val.s == "" || x.val.s == blankList) {
			if x.val.s == "" {
				empty = append(empty, x.key)
			} else {
				blank = append(blank, x.key)
			}
		}
	}
	if empty == nil && blank == nil {
		return cur, false
	}
	out := make(props, 0, len(cur)+fixColumns)
	for _, x := range cur {
		if !slices.Contains(empty, x.key) && !slices.Contains(blank, x.key) {
			out = append(out, x)
		}
	}
	for _, l := range []struct {
		key   string
		names []string
	}{{fixEmpty, empty}, {fixBlank, blank}} {
		if l.names != nil {
			out = append(out, prop{l.key, listValue(l.names)})
		}
	}
	return out, true
}

// tweetLoad says whether load is a twitter-io file's: its facts on a post
// label it Tweet (SET t:Tweet in tweets.cypher, ON CREATE in
// targets.cypher), the other formats' posts are Posts only.
func (c *converter) tweetLoad(load int) bool { return c.loadsRead().tweet[load] }

// loadsRead is the state about loads the fold reads, once every file is
// read.
func (c *converter) loadsRead() *formatState {
	m := c.more
	m.once.Do(func() {
		kinds := map[string]string{}
		m.mixed = map[string]bool{}
		for _, f := range c.res.Files {
			kinds[f.ID] = f.Kind
			if f.Kind != twitterio.Kind {
				m.mixed[f.Dataset] = true
			}
		}
		m.tweet = make([]bool, len(c.loads))
		for i, id := range c.loads {
			m.tweet[i] = kinds[id] == twitterio.Kind
		}
	})
	return m
}

// derives says whether the dataset's accounts get the aggregates of a
// release (AMPLIFIED, USED_CLIENT): a load derives them for the datasets
// its twitter-io files name.
func (c *converter) derives(dataset string) bool { return len(c.dsLoads[dataset]) > 0 }

// indexesShares says whether the converter writes the dataset's share
// indexes: those of a dataset only twitter-io files load (shares.go). The
// others' are built by the finish of the import, as a load builds them
// (store.RefreshShareIndex): their formats' posts have objects a release
// has not (images, domains shared without a URL), and their files are small.
func (c *converter) indexesShares(dataset string) bool {
	return c.derives(dataset) && !c.loadsRead().mixed[dataset]
}

// datasetKind is the format of the first file that named the dataset
// (load_begin.cypher sets it when it creates the Dataset).
func (c *converter) datasetKind(name string) string {
	for _, f := range c.res.Files {
		if f.Dataset == name {
			return f.Kind
		}
	}
	return twitterio.Kind
}

// columnType is the column type a value of tag is written in.
var columnType = map[byte]string{tagString: "string", tagInt: "long", tagBool: "boolean", tagFloat: "double",
	tagDate: "date", tagDateTime: "datetime", tagInstant: "datetime", tagStrings: "string[]", tagInts: "long[]"}

// writeNode writes a node into t, or into a file of its own kind that
// holds what t cannot: other labels (a Post that is no Tweet), a property
// of another type (an asset list's createdAt is a datetime, a release's a
// date), or lists a field cannot hold (unwritableLists). neo4j-admin reads
// several files into one id space.
func (c *converter) writeNode(t *table, kind, key string, cur props, tweet bool, loads []string) error {
	labels := t.label
	if kind == nPost && !tweet {
		labels = nPost
	}
	cols, own := t.cols, false // own: cols is a copy of t's, changed
	if fixed, ok := unwritableLists(cur); ok {
		cur, labels, own = fixed, labels+":"+fixLabel, true
		cols = append(slices.Clone(t.cols), column{fixEmpty, "string[]"}, column{fixBlank, "string[]"})
	}
	for i, col := range t.cols {
		v, ok := cur.get(col.prop)
		if tags := columnTagsOf(col.typ); !ok || v.tag == tagNil || v.tag == tags[0] || v.tag == tags[1] {
			continue
		}
		if !own {
			cols, own = slices.Clone(cols), true
		}
		cols[i].typ = columnType[v.tag]
	}
	if labels == t.label && !own {
		return t.node(key, cur, loads)
	}
	sig := labels
	for _, col := range cols {
		sig += "," + col.typ
	}
	m := c.more
	m.mu.Lock()
	if m.variants == nil {
		m.variants = map[string]map[string]*table{}
	}
	if m.variants[kind] == nil {
		m.variants[kind] = map[string]*table{}
	}
	v := m.variants[kind][sig]
	var err error
	if v == nil {
		v, err = newNodeTable(c.dir, fmt.Sprintf("nodes-%s-%d.csv", kind, len(m.variants[kind])+1), labels, t.key, kind, cols, true)
		if err == nil {
			m.variants[kind][sig] = v
		}
	}
	m.mu.Unlock()
	if err != nil {
		return err
	}
	return v.node(key, cur, loads)
}

// closeVariants closes the kind's files of writeNode and adds them to the
// import.
func (c *converter) closeVariants(kind string) error {
	m := c.more
	m.mu.Lock()
	vs := m.variants[kind]
	m.mu.Unlock()
	for _, v := range vs {
		if err := v.close(); err != nil {
			return err
		}
		c.addNodeFile(v)
	}
	return nil
}
