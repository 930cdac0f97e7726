package bulk

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/iograph/iograph/internal/keys"
	"github.com/iograph/iograph/internal/model"
	"github.com/iograph/iograph/internal/store"
)

// The share index (internal/store/share_index.go) is what coordination
// detection reads: per dataset and signal, the rows (account, object, post,
// time) of the dataset's accounts, in chunks of ShareIndexChunk accounts
// by uid. A load builds it after its files by walking every post of the
// dataset, which after an import of a million tweets took the finish more
// than two minutes; the rows are one more join of the facts the converter
// already sorts by post, so it writes the ShareIndex and ShareChunk nodes
// a load would build, and the finish only stamps them with the data
// version (store.StampImportedShareIndexes).
//
// The rows are those of share_index_rows.cypher: a post with a time
// (timeMs), written by one of the dataset's loads, posted by an account
// of the dataset, with the signal's objects (shares_object/): the post it
// retweets, replies to or quotes, each URL it links, each distinct domain
// of those URLs (ON_DOMAIN), each hashtag it tags. Images and text do not
// occur in a Twitter release; the image index is written empty, as a load
// writes it, and text is not indexed.

// shareSignals are the signals a converted release has rows for, by the
// byte the join records carry.
var shareSignals = []model.CoordinationSignal{model.SignalRetweet, model.SignalReply, model.SignalQuote,
	model.SignalURL, model.SignalDomain, model.SignalHashtag}

const (
	sRetweet byte = iota
	sReply
	sQuote
	sURL
	sDomain
	sHashtag
)

// Records of the shares sorter, by account: its memberships first (seq =
// dataset + 1), then its rows.
const (
	shMember byte = iota
	shRow
)

// shareSeq orders an account's rows after its memberships.
const shareSeq = 1 << 40

var (
	shareIndexCols = []column{{"dataset", "string"}, {"signal", "string"}, {"build", "string"}, {"layout", "long"},
		{"chunks", "long"}, {"shares", "long"}}
	shareChunkCols = []column{{"dataset", "string"}, {"signal", "string"}, {"build", "string"}, {"seq", "long"},
		{"shares", "long"}, {"rows", "byte[]"}}
)

// appendDatasets writes the datasets of a post's loads, each once.
func (c *converter) appendDatasets(enc *encoder, loads []int) {
	var ds []int
	for _, l := range loads {
		if i := c.loadDS[l]; !slices.Contains(ds, i) {
			ds = append(ds, i)
		}
	}
	enc.uvarint(uint64(len(ds)))
	for _, i := range ds {
		enc.uvarint(uint64(i))
	}
}

// objects records what a post's TAGS or LINKS relationship shares, in the
// join by post.
func objects(byPost *stream, typ, post, to string) error {
	var enc encoder
	add := func(sig byte, object string) error {
		enc.reset()
		enc.byte(jObject)
		enc.byte(sig)
		enc.str(object)
		return byPost.add(post, jObject, enc.b)
	}
	if typ == rTags {
		return add(sHashtag, to)
	}
	if err := add(sURL, to); err != nil {
		return err
	}
	// the converter writes ON_DOMAIN exactly for the URLs with a domain
	if dom := keys.DomainOf(to); dom != "" {
		return add(sDomain, dom)
	}
	return nil
}

// member records that account is one of dataset ds's, in the shares sorter.
func member(shares *stream, account string, ds int) error {
	var enc encoder
	enc.byte(shMember)
	enc.uvarint(uint64(ds))
	return shares.add(account, uint64(ds)+1, enc.b)
}

// postShares gathers one post's rows while the join by post reads it.
type postShares struct {
	id       string
	at       value // timeMs
	datasets []int
	domains  []string // written already (a post shares a domain once)
	seq      uint64
	enc      encoder
}

func (p *postShares) reset(post string) {
	p.id, p.at, p.datasets, p.domains = post, value{}, p.datasets[:0], p.domains[:0]
}

// post reads the time and datasets of the post's record.
func (p *postShares) post(at value, dec *decoder) {
	p.at = at
	for n := dec.uvarint(); n > 0 && dec.err == nil; n-- {
		p.datasets = append(p.datasets, int(dec.uvarint()))
	}
}

func (p *postShares) engages(d *derive, authors []string, kind byte, to string) error {
	switch kind {
	case kRetweet:
		return p.object(d, authors, sRetweet, to)
	case kReply:
		return p.object(d, authors, sReply, to)
	case kQuote:
		return p.object(d, authors, sQuote, to)
	}
	return nil
}

// object writes a row of the post's for each of its authors.
func (p *postShares) object(d *derive, authors []string, sig byte, object string) error {
	if p.at.tag != tagInt || len(authors) == 0 {
		return nil // no time: no row
	}
	if sig == sDomain {
		if slices.Contains(p.domains, object) {
			return nil
		}
		p.domains = append(p.domains, object)
	}
	for _, a := range authors {
		p.enc.reset()
		p.enc.byte(shRow)
		p.enc.byte(sig)
		p.enc.str(object)
		p.enc.str(p.id)
		p.enc.varint(p.at.i)
		p.enc.uvarint(uint64(len(p.datasets)))
		for _, ds := range p.datasets {
			p.enc.uvarint(uint64(ds))
		}
		p.seq++
		if err := d.shares.add(a, shareSeq+p.seq, p.enc.b); err != nil {
			return err
		}
	}
	return nil
}

// shareRow is one row of an account's, as the join by post wrote it.
type shareRow struct {
	sig             byte
	object, content string
	timeMs          int64
	datasets        []int
}

// chunkRows is the rows of one chunk of one dataset's index of one signal
// being written: the accounts' rows (store.AppendShareAccount) and counts.
type chunkRows struct {
	rows             []byte
	accounts, shares int
}

// shareIndex is one dataset's index of one signal being written.
type shareIndex struct {
	chunk          chunkRows
	chunks, shares int
}

// writeShareIndexes writes the share index of every indexed signal of
// every dataset the converter indexes (indexesShares: those only twitter-io
// files load): the rows by account (accounts in uid order, the sorter's),
// each chunk once its last account is read.
func (c *converter) writeShareIndexes(d *derive) error {
	chunkT, err := newNodeTable(c.dir, "nodes-ShareChunk.csv", "ShareChunk", "", "ShareChunk", shareChunkCols, false)
	if err != nil {
		return err
	}
	build := fmt.Sprintf("import:%x", c.started.UnixNano())
	// per dataset: how many of its accounts were read, and its index of
	// each signal
	members := make([]int, len(c.datasets))
	idx := make([][]shareIndex, len(c.datasets))
	for i := range idx {
		idx[i] = make([]shareIndex, len(shareSignals))
	}
	str := func(s string) value { return value{tag: tagString, s: s} }
	num := func(n int) value { return value{tag: tagInt, i: int64(n)} }
	flush := func(ds, seq int) error {
		for sig := range shareSignals {
			x := &idx[ds][sig]
			if x.chunk.shares == 0 {
				continue
			}
			rows := binary.AppendUvarint(nil, uint64(x.chunk.accounts))
			rows = append(rows, x.chunk.rows...)
			p := props{{"dataset", str(c.datasets[ds])}, {"signal", str(string(shareSignals[sig]))}, {"build", str(build)},
				{"seq", num(seq)}, {"shares", num(x.chunk.shares)}, {"rows", value{tag: tagBytes, s: string(rows)}}}
			id := fmt.Sprintf("%d/%d/%d", ds, sig, seq)
			if err := chunkT.node(id, p, nil); err != nil {
				return err
			}
			x.chunks++
			x.shares += x.chunk.shares
			x.chunk = chunkRows{rows: x.chunk.rows[:0]}
		}
		return nil
	}
	var rows []shareRow
	var mine []int
	err = d.shares.groups(func(account string, recs [][]byte) error {
		rows, mine = rows[:0], mine[:0]
		for _, r := range recs {
			dec := decoder{b: r}
			if dec.byte() == shMember {
				if ds := int(dec.uvarint()); !slices.Contains(mine, ds) {
					mine = append(mine, ds)
				}
			} else {
				x := shareRow{sig: dec.byte(), object: dec.str(), content: dec.str(), timeMs: dec.varint()}
				for n := dec.uvarint(); n > 0 && dec.err == nil; n-- {
					x.datasets = append(x.datasets, int(dec.uvarint()))
				}
				rows = append(rows, x)
			}
			if dec.err != nil {
				return dec.err
			}
		}
		for _, ds := range mine {
			// the account's place among the dataset's accounts by uid
			// (share_index_accounts.cypher) makes its chunk
			seq := members[ds] / store.ShareIndexChunk
			if members[ds] > 0 && members[ds]%store.ShareIndexChunk == 0 {
				if err := flush(ds, seq-1); err != nil {
					return err
				}
			}
			members[ds]++
			for sig := range shareSignals {
				n := 0
				for _, x := range rows {
					if int(x.sig) == sig && slices.Contains(x.datasets, ds) {
						n++
					}
				}
				if n == 0 {
					continue
				}
				ch := &idx[ds][sig].chunk
				ch.rows = store.AppendShareAccount(ch.rows, account, n)
				for _, x := range rows {
					if int(x.sig) == sig && slices.Contains(x.datasets, ds) {
						ch.rows = store.AppendShare(ch.rows, x.object, x.content, x.timeMs)
					}
				}
				ch.accounts++
				ch.shares += n
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bulk: share index rows: %w", err)
	}
	for ds, n := range members {
		if n > 0 {
			if err := flush(ds, (n-1)/store.ShareIndexChunk); err != nil {
				return fmt.Errorf("bulk: share index rows: %w", err)
			}
		}
	}
	if err := chunkT.close(); err != nil {
		return err
	}
	c.addNodeFile(chunkT)
	// the headers: every indexed signal of every dataset, with or without rows
	idxT, err := newNodeTable(c.dir, "nodes-ShareIndex.csv", "ShareIndex", "", "ShareIndex", shareIndexCols, false)
	if err != nil {
		return err
	}
	for ds, name := range c.datasets {
		if !c.indexesShares(name) {
			continue
		}
		for _, sig := range model.AllCoordinationSignals {
			if !store.Indexed(sig) {
				continue
			}
			var x shareIndex
			if i := slices.Index(shareSignals, sig); i >= 0 {
				x = idx[ds][i]
			}
			p := props{{"dataset", str(name)}, {"signal", str(string(sig))}, {"build", str(build)},
				{"layout", num(store.ShareIndexLayout)}, {"chunks", num(x.chunks)}, {"shares", num(x.shares)}}
			if err := idxT.node(fmt.Sprintf("%d/%s", ds, sig), p, nil); err != nil {
				return err
			}
		}
	}
	if err := idxT.close(); err != nil {
		return err
	}
	c.addNodeFile(idxT)
	return nil
}
