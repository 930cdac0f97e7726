package bulk

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

var (
	accountCols = []column{{"platform", "string"}, {"kind", "string"}, {"id", "string"}, {"handle", "string"},
		{"handleLower", "string"}, {"name", "string"}, {"description", "string"}, {"location", "string"},
		{"profileUrl", "string"}, {"language", "string"}, {"hashed", "boolean"}, {"followers", "long"},
		{"following", "long"}, {"createdAt", "date"}}
	postCols = []column{{"id", "string"}, {"time", "datetime"}, {"timeMs", "long"}, {"language", "string"},
		{"text", "string"}, {"client", "string"}, {"isRetweet", "boolean"}, {"latitude", "string"},
		{"longitude", "string"}, {"pollChoices", "string"}, {"quoteCount", "long"}, {"replyCount", "long"},
		{"likeCount", "long"}, {"retweetCount", "long"}, {"inReplyToTweetId", "string"},
		{"quotedTweetId", "string"}, {"retweetTweetId", "string"}}
	handleCols  = []column{{"platform", "string"}, {"handle", "string"}}
	heldCols    = []column{{"dataset", "string"}, {"handle", "string"}, {"source", "string"}, {"evidence", "string"}, {"asOf", "string"}}
	datasetCols = []column{{"kind", "string"}, {"createdAt", "datetime"}, {"synthetic", "boolean"}, {"updatedAt", "datetime"}}
	loadCols    = []column{{"kind", "string"}, {"dataset", "string"}, {"file", "string"}, {"entry", "string"},
		{"sha256", "string"}, {"startedAt", "datetime"}, {"status", "string"}, {"attempts", "long"},
		{"lastAttemptAt", "datetime"}, {"finishedAt", "datetime"}, {"rows", "long"}, {"accepted", "long"},
		{"rejected", "long"}, {"blank", "long"}, {"batches", "long"}}
	amplifiedCols = []column{{"retweets", "long"}, {"replies", "long"}, {"quotes", "long"}, {"mentions", "long"},
		{"total", "long"}, {"firstAtMs", "long"}, {"lastAtMs", "long"}, {"firstAt", "datetime"}, {"lastAt", "datetime"},
		{"minLatencySeconds", "double"}, {"medianLatencySeconds", "double"}}
	usedClientCols = []column{{"posts", "long"}, {"firstAt", "datetime"}, {"lastAt", "datetime"}}
)

// nodeFiles: each node kind's file, key property and labels.
var nodeFiles = map[string]struct {
	key, labels string
	cols        []column
}{
	nAccount: {"uid", "Account", accountCols},
	nPost:    {"uid", "Post:Tweet", postCols},
	nHashtag: {"tag", "Hashtag", nil},
	nURL:     {"url", "Url", nil},
	nDomain:  {"name", "Domain", nil},
	nHandle:  {"key", "Handle", handleCols},
}

// relFiles: each relationship type's id spaces, and whether its sort key
// names the end first (POSTED is sorted by post, for the joins).
var relFiles = map[string]struct {
	from, to string
	endFirst bool
	cols     []column
}{
	rPosted:    {nAccount, nPost, true, nil},
	rRetweet:   {nPost, nPost, false, nil},
	rReply:     {nPost, nPost, false, nil},
	rQuote:     {nPost, nPost, false, nil},
	rMentions:  {nPost, nAccount, false, nil},
	rTags:      {nPost, nHashtag, false, nil},
	rLinks:     {nPost, nURL, false, nil},
	rOnDomain:  {nURL, nDomain, false, nil},
	rInDataset: {nAccount, "Dataset", false, nil},
	rHeld:      {nAccount, nHandle, false, heldCols},
}

// Records of the derivation's joins, in the order a key's records sort.
const (
	jPost    = 1 // a post's time and client
	jAuthor  = 2 // an account that posted it
	jEngages = 3 // a relationship from it to another post, or to an account it mentions
	jObject  = 4 // a hashtag, URL or domain it shares (a share index's object)
)

// Engagement kinds of an AMPLIFIED fact.
const (
	kRetweet byte = iota
	kReply
	kQuote
	kMention
)

// engagementKinds are the engagement kinds of the relationship types.
var engagementKinds = map[string]byte{rRetweet: kRetweet, rReply: kReply, rQuote: kQuote, rMentions: kMention}

type derive struct {
	byPost   *sorter // jPost, jAuthor, jEngages by the engaging post
	byTarget *sorter // jPost, jAuthor of the engaged post; engagements by it
	amp      *sorter // memberships (account + sep) and engagements (account + sep + amplified)
	clients  *sorter // memberships and posts by client (account + sep + client)
	clientDS *sorter // the datasets that derived a client
	shares   *sorter // memberships and share rows by account (see shares.go)
}

// fold sorts every fact, folds each key's facts into a node or a
// relationship, writes them, and derives the aggregates.
func (c *converter) fold() error {
	budget := c.opts.MemoryBytes / 10 // six sorters, at most five filling at once
	d := &derive{byPost: newSorter(c.dir, "j-post", budget), byTarget: newSorter(c.dir, "j-target", budget),
		shares: newSorter(c.dir, "shares", budget),
		amp:    newSorter(c.dir, "amplified", budget), clients: newSorter(c.dir, "clients", budget), clientDS: newSorter(c.dir, "client-datasets", budget)}
	// Each kind's facts fold on their own (two at a time); the derivation's
	// sorters take records from several.
	c.opts.Progress.Phase("writing nodes and relationships")
	t0 := time.Now()
	c.opts.Log.Info("conversion: rows read", "took", t0.Sub(c.started).Round(time.Millisecond))
	var g errgroup.Group
	g.SetLimit(2)
	for _, k := range nodeKinds {
		g.Go(func() error { return c.foldNodes(k, d) })
	}
	for _, t := range relTypes {
		g.Go(func() error { return c.foldRels(t, d) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := c.writeLoads(); err != nil {
		return err
	}
	c.opts.Progress.Phase("deriving aggregates")
	t1 := time.Now()
	c.opts.Log.Info("conversion: nodes and relationships written", "took", t1.Sub(t0).Round(time.Millisecond))
	if err := c.derive(d); err != nil {
		return err
	}
	c.opts.Log.Info("conversion: aggregates derived", "took", time.Since(t1).Round(time.Millisecond))
	return nil
}

func (c *converter) addNodeFile(t *table) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res.Nodes = append(c.res.Nodes, File{t.path, t.label, t.rows, t.longest})
}
func (c *converter) addRelFile(t *table) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res.Relationships = append(c.res.Relationships, File{t.path, t.label, t.rows, t.longest})
}

func (c *converter) foldNodes(kind string, d *derive) error {
	nf := nodeFiles[kind]
	t, err := newNodeTable(c.dir, "nodes-"+kind+".csv", nf.labels, nf.key, kind, nf.cols, true)
	if err != nil {
		return err
	}
	var enc encoder
	var byPost *stream
	if kind == nPost {
		if byPost, err = d.byPost.stream(); err != nil {
			return err
		}
	}
	// a group's memory, reused by the next (writeNode is done with it)
	var cur, p props
	var loads []int
	var names []string
	err = c.nodes[kind].groups(func(key string, facts [][]byte) error {
		cur, loads = cur[:0], loads[:0]
		tweet := false // a twitter-io fact set the labels (writeNode)
		for i, f := range facts {
			dec := decoder{b: f, alias: true}
			op, load := dec.byte(), int(dec.uvarint())
			p = dec.propsInto(p)
			if dec.err != nil {
				return dec.err
			}
			if op == opSet || i == 0 { // ON CREATE applies to the fact that created it
				cur = cur.set(p)
				tweet = tweet || c.tweetLoad(load)
			}
			if !slices.Contains(loads, load) {
				loads = append(loads, load)
			}
		}
		if kind == nPost {
			ms, _ := cur.get("timeMs")
			client, _ := cur.get("client")
			enc.reset()
			enc.byte(jPost)
			enc.value(ms)
			enc.value(client)
			c.appendDatasets(&enc, loads)
			if err := byPost.add(key, jPost, enc.b); err != nil {
				return err
			}
		}
		names = c.loadListInto(names, loads)
		return c.writeNode(t, kind, key, cur, tweet, names)
	})
	if err == nil {
		err = t.close()
	}
	if byPost != nil {
		if cerr := byPost.close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = c.closeVariants(kind)
	}
	if err != nil {
		return fmt.Errorf("bulk: %s nodes: %w", kind, err)
	}
	c.addNodeFile(t)
	return nil
}

func (c *converter) foldRels(typ string, d *derive) error {
	rf := relFiles[typ]
	t, err := newRelTable(c.dir, "rels-"+typ+".csv", relTypeOf(typ), rf.from, rf.to, rf.cols, true)
	if err != nil {
		return err
	}
	var enc encoder
	// the records this type's fold hands to the derivation, in its order
	var streams []*stream
	open := func(s *sorter) (*stream, error) {
		st, err := s.stream()
		if err == nil {
			streams = append(streams, st)
		}
		return st, err
	}
	var byPost, amp, clients, shares *stream
	switch typ {
	case rPosted, rRetweet, rReply, rQuote, rMentions, rTags, rLinks:
		byPost, err = open(d.byPost)
	case rInDataset:
		if amp, err = open(d.amp); err == nil {
			if clients, err = open(d.clients); err == nil {
				shares, err = open(d.shares)
			}
		}
	}
	if err != nil {
		return err
	}
	var cur, p props
	var loads []int
	var names []string
	err = c.rels[typ].groups(func(key string, facts [][]byte) error {
		from, to, _ := strings.Cut(key, sep)
		to, _, _ = strings.Cut(to, sep)
		if rf.endFirst {
			from, to = to, from
		}
		cur, loads = cur[:0], loads[:0]
		for _, f := range facts {
			dec := decoder{b: f, alias: true}
			load := int(dec.uvarint())
			p = dec.propsInto(p)
			if dec.err != nil {
				return dec.err
			}
			cur = cur.set(p)
			if !slices.Contains(loads, load) {
				loads = append(loads, load)
			}
		}
		enc.reset()
		switch typ {
		case rPosted:
			enc.byte(jAuthor)
			enc.str(from)
			if err := byPost.add(to, jAuthor, enc.b); err != nil {
				return err
			}
		case rRetweet, rReply, rQuote, rMentions:
			enc.byte(jEngages)
			enc.byte(engagementKinds[typ])
			enc.str(to)
			if err := byPost.add(from, jEngages, enc.b); err != nil {
				return err
			}
		case rTags, rLinks:
			if err := objects(byPost, typ, from, to); err != nil {
				return err
			}
		case rInDataset:
			if !c.derives(to) {
				break
			}
			ds := c.dsIndex[to]
			enc.uvarint(uint64(ds))
			if err := amp.add(from+sep, uint64(ds)+1, enc.b); err != nil {
				return err
			}
			if err := clients.add(from+sep, uint64(ds)+1, enc.b); err != nil {
				return err
			}
			if !c.indexesShares(to) {
				break
			}
			if err := member(shares, from, ds); err != nil {
				return err
			}
		}
		names = c.loadListInto(names, loads)
		return t.rel(from, to, cur, names)
	})
	if err == nil {
		err = t.close()
	}
	for _, st := range streams {
		if cerr := st.close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("bulk: %s relationships: %w", typ, err)
	}
	c.addRelFile(t)
	return nil
}

// writeLoads writes the Dataset and Load nodes as a completed load leaves
// them (load_begin.cypher, load_finish.cypher), and each load's OF_DATASET.
func (c *converter) writeLoads() error {
	now := instant(time.Now().UnixMilli())
	ds, err := newNodeTable(c.dir, "nodes-Dataset.csv", "Dataset", "name", "Dataset", datasetCols, false)
	if err != nil {
		return err
	}
	for _, name := range c.datasets {
		if err := ds.node(name, props{{"kind", value{tag: tagString, s: c.datasetKind(name)}}, {"createdAt", now},
			{"synthetic", boolValue(c.opts.Synthetic)}, {"updatedAt", now}}, nil); err != nil {
			return err
		}
	}
	ls, err := newNodeTable(c.dir, "nodes-Load.csv", "Load", "id", "Load", loadCols, false)
	if err != nil {
		return err
	}
	of, err := newRelTable(c.dir, "rels-OF_DATASET.csv", "OF_DATASET", "Load", "Dataset", nil, false)
	if err != nil {
		return err
	}
	str := func(s string) value { return value{tag: tagString, s: s} }
	num := func(n int64) value { return value{tag: tagInt, i: n} }
	for _, f := range c.res.Files {
		p := props{{"kind", str(f.Kind)}, {"dataset", str(f.Dataset)}, {"file", str(f.Entry.Path)},
			{"entry", str(f.Entry.Name)}, {"sha256", str(f.Entry.SHA256)}, {"startedAt", now}, {"status", str("complete")},
			{"attempts", num(1)}, {"lastAttemptAt", now}, {"finishedAt", now}, {"rows", num(f.Rows.Load())},
			{"accepted", num(f.Accepted.Load())}, {"rejected", num(f.Rejected.Load())},
			{"blank", num(f.Blank.Load())}, {"batches", num(f.Batches.Load())}}
		if err := ls.node(f.ID, p, nil); err != nil {
			return err
		}
		if err := of.rel(f.ID, f.Dataset, nil, nil); err != nil {
			return err
		}
	}
	for _, t := range []*table{ds, ls} {
		if err := t.close(); err != nil {
			return err
		}
		c.addNodeFile(t)
	}
	if err := of.close(); err != nil {
		return err
	}
	c.addRelFile(of)
	return nil
}

func boolValue(b bool) value {
	if b {
		return value{tag: tagBool, i: 1}
	}
	return value{tag: tagBool}
}

// derive computes what twitterio.Derive computes after a load
// (amplified.cypher, clients.cypher) from the folded relationships: for
// every account of a release, the accounts it amplified and the clients it
// posted from.
func (c *converter) derive(d *derive) error {
	var enc encoder
	// 1. by engaging post: its authors engage with its targets and mention
	// accounts, and post from its client.
	var sh postShares
	// the posts' own records reach the join by target in post order
	posts, err := d.byTarget.stream()
	if err != nil {
		return err
	}
	err = d.byPost.groups(func(post string, recs [][]byte) error {
		var at, client value
		var authors []string
		sh.reset(post)
		for _, r := range recs {
			dec := decoder{b: r}
			switch dec.byte() {
			case jPost:
				at, client = dec.value(), dec.value()
				sh.post(at, &dec)
				enc.reset()
				enc.byte(jPost)
				enc.value(at)
				if err := posts.add(post, jPost, enc.b); err != nil {
					return err
				}
			case jAuthor:
				a := dec.str()
				authors = append(authors, a)
				enc.reset()
				enc.byte(jAuthor)
				enc.str(a)
				if err := posts.add(post, jAuthor, enc.b); err != nil {
					return err
				}
				if client.tag == tagString && client.s != "" {
					enc.reset()
					enc.value(at)
					if err := d.clients.add(a+sep+client.s, 0, enc.b); err != nil {
						return err
					}
				}
			case jEngages:
				kind, to := dec.byte(), dec.str()
				if err := sh.engages(d, authors, kind, to); err != nil {
					return err
				}
				for _, a := range authors {
					enc.reset()
					if kind == kMention {
						if a == to {
							continue
						}
						enc.byte(kMention)
						enc.value(at)
						enc.value(value{})
						if err := d.amp.add(a+sep+to, 0, enc.b); err != nil {
							return err
						}
						continue
					}
					enc.byte(jEngages)
					enc.str(a)
					enc.byte(kind)
					enc.value(at)
					if err := d.byTarget.add(to, jEngages, enc.b); err != nil {
						return err
					}
				}
			case jObject:
				sig, object := dec.byte(), dec.str()
				if err := sh.object(d, authors, sig, object); err != nil {
					return err
				}
			}
			if dec.err != nil {
				return dec.err
			}
		}
		return nil
	})
	if cerr := posts.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("bulk: derive by post: %w", err)
	}
	// 2. by engaged post: each of its authors is amplified by the engaging
	// accounts, with the latency from it to the engagement.
	err = d.byTarget.groups(func(post string, recs [][]byte) error {
		var ot value
		var authors []string
		for _, r := range recs {
			dec := decoder{b: r}
			switch dec.byte() {
			case jPost:
				ot = dec.value()
			case jAuthor:
				authors = append(authors, dec.str())
			case jEngages:
				a, kind, at := dec.str(), dec.byte(), dec.value()
				lat := value{}
				if ot.tag == tagInt && at.tag == tagInt {
					lat = value{tag: tagFloat, f: float64(at.i-ot.i) / 1000.0}
				}
				for _, s := range authors {
					if s == a {
						continue
					}
					enc.reset()
					enc.byte(kind)
					enc.value(at)
					enc.value(lat)
					if err := d.amp.add(a+sep+s, 0, enc.b); err != nil {
						return err
					}
				}
			}
			if dec.err != nil {
				return dec.err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bulk: derive by engaged post: %w", err)
	}
	var g errgroup.Group
	g.Go(func() error { return c.writeAmplified(d) })
	g.Go(func() error { return c.writeClients(d) })
	g.Go(func() error { return c.writeShareIndexes(d) })
	return g.Wait()
}

// members reads the datasets of an account's membership records.
func members(recs [][]byte) []int {
	var ds []int
	for _, r := range recs {
		dec := decoder{b: r}
		if i := int(dec.uvarint()); !slices.Contains(ds, i) {
			ds = append(ds, i)
		}
	}
	return ds
}

// derivedLoads are the loads a derivation of the datasets ds records, in
// the order the online loader derives them (dataset by dataset).
func (c *converter) derivedLoads(ds []int) []string {
	var idx []int
	for _, i := range ds {
		idx = append(idx, c.dsLoads[c.datasets[i]]...)
	}
	return c.loadList(idx)
}

func (c *converter) writeAmplified(d *derive) error {
	t, err := newRelTable(c.dir, "rels-AMPLIFIED.csv", "AMPLIFIED", nAccount, nAccount, amplifiedCols, true)
	if err != nil {
		return err
	}
	var account string
	var ds []int
	var loads []string // the account's derivation's
	var p props
	var lats []float64
	err = d.amp.groups(func(key string, recs [][]byte) error {
		a, s, _ := strings.Cut(key, sep)
		if s == "" {
			account, ds = a, members(recs)
			loads = c.derivedLoads(ds)
			return nil
		}
		if a != account || len(ds) == 0 {
			return nil // not an account of a release: not derived
		}
		var n [4]int64
		var times span
		lats = lats[:0]
		for _, r := range recs {
			dec := decoder{b: r}
			kind, at, lat := dec.byte(), dec.value(), dec.value()
			if dec.err != nil {
				return dec.err
			}
			n[kind]++
			times.add(at)
			if lat.tag == tagFloat {
				lats = append(lats, lat.f)
			}
		}
		num := func(x int64) value { return value{tag: tagInt, i: x} }
		p = append(p[:0], prop{"retweets", num(n[kRetweet])}, prop{"replies", num(n[kReply])}, prop{"quotes", num(n[kQuote])},
			prop{"mentions", num(n[kMention])}, prop{"total", num(n[0] + n[1] + n[2] + n[3])})
		if times.first.tag == tagInt {
			p = append(p, prop{"firstAtMs", times.first}, prop{"lastAtMs", times.last}, prop{"firstAt", instant(times.first.i)}, prop{"lastAt", instant(times.last.i)})
		}
		if len(lats) > 0 {
			slices.Sort(lats)
			p = append(p, prop{"minLatencySeconds", value{tag: tagFloat, f: lats[0]}},
				prop{"medianLatencySeconds", value{tag: tagFloat, f: percentileCont(lats, 0.5)}})
		}
		return t.rel(a, s, p, loads)
	})
	if err == nil {
		err = t.close()
	}
	if err != nil {
		return fmt.Errorf("bulk: AMPLIFIED: %w", err)
	}
	c.addRelFile(t)
	return nil
}

// span is the earliest and latest of times (Cypher's min and max, which
// pass over nulls).
type span struct{ first, last value }

func (s *span) add(at value) {
	if at.tag != tagInt {
		return
	}
	if s.first.tag == tagNil || at.i < s.first.i {
		s.first = at
	}
	if s.last.tag == tagNil || at.i > s.last.i {
		s.last = at
	}
}

// percentileCont is Cypher's percentileCont of sorted values: linear
// interpolation between the two nearest ranks.
func percentileCont(sorted []float64, p float64) float64 {
	idx := p * float64(len(sorted)-1)
	lo, hi := int(math.Floor(idx)), int(math.Ceil(idx))
	if lo == hi || lo == len(sorted)-1 {
		return sorted[lo]
	}
	return sorted[lo]*(float64(hi)-idx) + sorted[hi]*(idx-float64(lo))
}

func (c *converter) writeClients(d *derive) error {
	t, err := newRelTable(c.dir, "rels-USED_CLIENT.csv", "USED_CLIENT", nAccount, "Client", usedClientCols, true)
	if err != nil {
		return err
	}
	var account string
	var ds []int
	var enc encoder
	err = d.clients.groups(func(key string, recs [][]byte) error {
		a, name, _ := strings.Cut(key, sep)
		if name == "" {
			account, ds = a, members(recs)
			return nil
		}
		if a != account || len(ds) == 0 {
			return nil
		}
		var times span
		for _, r := range recs {
			dec := decoder{b: r}
			times.add(dec.value())
			if dec.err != nil {
				return dec.err
			}
		}
		for _, i := range ds {
			enc.reset()
			enc.uvarint(uint64(i))
			if err := d.clientDS.add(name, uint64(i)+1, enc.b); err != nil {
				return err
			}
		}
		p := props{{"posts", value{tag: tagInt, i: int64(len(recs))}}}
		if times.first.tag == tagInt {
			p = append(p, prop{"firstAt", instant(times.first.i)}, prop{"lastAt", instant(times.last.i)})
		}
		return t.rel(a, name, p, c.derivedLoads(ds))
	})
	if err == nil {
		err = t.close()
	}
	if err != nil {
		return fmt.Errorf("bulk: USED_CLIENT: %w", err)
	}
	c.addRelFile(t)
	nodes, err := newNodeTable(c.dir, "nodes-Client.csv", "Client", "name", "Client", nil, true)
	if err != nil {
		return err
	}
	err = d.clientDS.groups(func(name string, recs [][]byte) error {
		return nodes.node(name, nil, c.derivedLoads(members(recs)))
	})
	if err == nil {
		err = nodes.close()
	}
	if err != nil {
		return fmt.Errorf("bulk: Client nodes: %w", err)
	}
	c.addNodeFile(nodes)
	return nil
}
