package store

import (
	"context"
	_ "embed"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"golang.org/x/sync/errgroup"

	"github.com/iograph/iograph/internal/coord"
	"github.com/iograph/iograph/internal/model"
)

// The share index holds, per dataset and signal, the rows coordination
// detection reads (account, object, post, time), as a few hundred nodes of
// parallel lists. Walking the posts for them costs Neo4j a traversal of every
// post of the dataset (16 s for a release's 560,000 retweets); the index
// answers the same rows in about a second. It is derived data: built after a
// load from the posts with the walk's own selection, stamped with the
// dataset's data version, and read only while that version is current.
var (
	//go:embed share_index_version.cypher
	shareIndexVersionCypher string
	//go:embed share_index_accounts.cypher
	shareIndexAccountsCypher string
	//go:embed share_index_rows.cypher
	shareIndexRowsCypher string
	//go:embed share_index_chunk.cypher
	shareIndexChunkCypher string
	//go:embed share_index_finish.cypher
	shareIndexFinishCypher string
	//go:embed share_index_read.cypher
	shareIndexReadCypher string
	//go:embed share_index_present.cypher
	shareIndexPresentCypher string
	//go:embed share_index_stamp.cypher
	shareIndexStampCypher string
)

// shareIndexLayout versions the chunks' shape; an index of another layout
// is stale, whatever its data version. Layout 3 holds a chunk's rows as
// one byte array (encodeChunk).
const shareIndexLayout = 3

// shareIndexChunk is how many accounts one index node holds: small enough
// for one write transaction well inside the timeout at 10 M tweets, large
// enough that a release reads back in a few hundred records.
const shareIndexChunk = 250

// indexed tells the signals the index holds. Text is left out: its object is
// every post's whole text, an index as large as the posts themselves.
func indexed(s model.CoordinationSignal) bool { return s != model.SignalText }

// Indexed tells the signals a share index holds; ShareIndexLayout and
// ShareIndexChunk are its layout and the accounts of one chunk: for the bulk
// import, which writes the index a load would build (loaders/bulk).
func Indexed(s model.CoordinationSignal) bool { return indexed(s) }

const (
	ShareIndexLayout = shareIndexLayout
	ShareIndexChunk  = shareIndexChunk
)

// AppendShareAccount and AppendShare write a chunk's rows as encodeChunk
// does, an account's uid and share count, then each of its shares; the
// rows are the account count (binary.AppendUvarint) then these.
func AppendShareAccount(b []byte, uid string, shares int) []byte {
	return binary.AppendUvarint(appendShareString(b, uid), uint64(shares))
}

func AppendShare(b []byte, object, content string, timeMs int64) []byte {
	return binary.AppendVarint(appendShareString(appendShareString(b, object), content), timeMs)
}

func appendShareString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// ShareIndexRefresh reports what RefreshShareIndex did for one signal.
type ShareIndexRefresh struct {
	Signal model.CoordinationSignal
	Shares int
	Took   time.Duration
}

// RefreshShareIndex brings a dataset's share index up to its current data
// version: every indexed signal without a current index is built again (in
// chunks of accounts, by up to workers transactions at a time) and switched
// to in one write. A current index is left alone, so running it again, or
// after a load that changed nothing, costs one query. A dataset with a load
// still running is not indexed (its rows are still changing); coordination
// walks its posts meanwhile. A build that is killed leaves the previous index
// in place (stale, so unused) and is cleaned up by the next one.
func (s *Store) RefreshShareIndex(ctx context.Context, dataset string, workers int) ([]ShareIndexRefresh, error) {
	type state struct {
		version, loads, fresh []string
		running               bool
	}
	st, err := read(ctx, s, "share index version", shareIndexVersionCypher, map[string]any{"dataset": dataset, "layout": shareIndexLayout},
		func(r *neo4j.Record) (state, error) {
			running, _ := r.Values[2].(bool)
			return state{version: strList(r.Values[0]), loads: strList(r.Values[1]), running: running,
				fresh: strList(r.Values[3])}, nil
		})
	if err != nil {
		return nil, fmt.Errorf("share index %s: %w", dataset, err)
	}
	if len(st) != 1 || st[0].running || len(st[0].loads) == 0 {
		return nil, nil
	}
	v := st[0]
	var stale []model.CoordinationSignal
	for _, sig := range model.AllCoordinationSignals {
		if indexed(sig) && !slices.Contains(v.fresh, string(sig)) {
			stale = append(stale, sig)
		}
	}
	if len(stale) == 0 {
		return nil, nil
	}
	uids, err := read(ctx, s, "share index accounts", shareIndexAccountsCypher, map[string]any{"dataset": dataset},
		func(r *neo4j.Record) (string, error) { return str(r.Values[0]), nil })
	if err != nil {
		return nil, fmt.Errorf("share index %s: %w", dataset, err)
	}
	present, err := read(ctx, s, "share index signals present", shareIndexPresentCypher, nil,
		func(r *neo4j.Record) (map[string]any, error) { return r.AsMap(), nil })
	if err != nil {
		return nil, fmt.Errorf("share index %s: %w", dataset, err)
	}
	if len(present) != 1 {
		return nil, fmt.Errorf("share index %s: signals present: %d records", dataset, len(present))
	}
	var out []ShareIndexRefresh
	for _, sig := range stale {
		start := time.Now()
		walk := uids
		if has, ok := present[0][string(sig)].(bool); ok && !has {
			walk = nil // no post anywhere shares this signal's object
		}
		n, err := s.buildShareIndex(ctx, dataset, sig, v.version, v.loads, walk, max(workers, 1))
		if err != nil {
			return out, fmt.Errorf("share index %s %s: %w", dataset, sig, err)
		}
		out = append(out, ShareIndexRefresh{Signal: sig, Shares: n, Took: time.Since(start)})
	}
	return out, nil
}

func (s *Store) buildShareIndex(ctx context.Context, dataset string, sig model.CoordinationSignal, version, loads, uids []string, workers int) (int, error) {
	query, err := sharesQuery(shareIndexRowsCypher, sig)
	if err != nil {
		return 0, err
	}
	build := newID("shares")
	counts := make([]int, (len(uids)+shareIndexChunk-1)/shareIndexChunk)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i := range counts {
		chunk := uids[i*shareIndexChunk : min((i+1)*shareIndexChunk, len(uids))]
		g.Go(func() error {
			n, err := write(gctx, s, "share index chunk", func(tx neo4j.ManagedTransaction) (int, error) {
				recs, err := run(gctx, tx, query, map[string]any{"uids": chunk, "loads": loads})
				if err != nil || len(recs) == 0 {
					return 0, err
				}
				rows, n, err := encodeChunk(recs[0].Values)
				if err != nil {
					return 0, err
				}
				_, err = run(gctx, tx, shareIndexChunkCypher, map[string]any{"dataset": dataset, "signal": string(sig),
					"build": build, "seq": i, "shares": n, "rows": rows})
				return n, err
			})
			if err != nil {
				return fmt.Errorf("accounts %s…: %w", chunk[0], err)
			}
			counts[i] = n
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	chunks, shares := 0, 0
	for _, n := range counts {
		if n > 0 {
			chunks++
			shares += n
		}
	}
	_, err = write(ctx, s, "share index finish", func(tx neo4j.ManagedTransaction) (int, error) {
		_, err := run(ctx, tx, shareIndexFinishCypher, map[string]any{"dataset": dataset, "signal": string(sig),
			"build": build, "version": version, "chunks": chunks, "shares": shares, "layout": shareIndexLayout})
		return 0, err
	})
	return shares, err
}

// StampImportedShareIndexes gives a dataset's share indexes written by the
// bulk import (their version is unset: the converter cannot know when
// neo4j-admin finishes, nor how Neo4j prints a load's finishedAt) the
// dataset's data version, which makes them current, so the finish of an
// import does not build them again. It returns how many it stamped.
func (s *Store) StampImportedShareIndexes(ctx context.Context, dataset string) (int, error) {
	n, err := write(ctx, s, "share index stamp", func(tx neo4j.ManagedTransaction) (int, error) {
		recs, err := run(ctx, tx, shareIndexStampCypher, map[string]any{"dataset": dataset, "layout": shareIndexLayout})
		if err != nil || len(recs) != 1 {
			return 0, err
		}
		return asInt(recs[0].Values[0]), nil
	})
	if err != nil {
		return 0, fmt.Errorf("share index %s: %w", dataset, err)
	}
	return n, nil
}

// readParts is how many transactions read a share index side by side: Neo4j
// answers each on its own thread, and the rows of each are decoded on their
// own goroutine.
const readParts = 2

// indexedShares reads a signal's rows from the dataset's share index;
// found is false when the dataset has no index of its current version.
func (s *Store) indexedShares(ctx context.Context, q SharesQuery) (shares []coord.Share, found bool, err error) {
	type part struct {
		build  string
		shares [][]coord.Share
	}
	for attempt := 0; ; attempt++ {
		parts := make([]part, readParts)
		g, gctx := errgroup.WithContext(ctx)
		for p := range parts {
			g.Go(func() error {
				var err error
				parts[p].shares, err = stream(gctx, s, "indexed shares of "+string(q.Signal), shareIndexReadCypher,
					map[string]any{"dataset": q.Dataset, "signal": string(q.Signal), "part": p, "parts": readParts,
						"layout": shareIndexLayout},
					func(r *neo4j.Record) ([]coord.Share, error) {
						v := r.Values
						if len(v) != 2 {
							return nil, fmt.Errorf("want 2 columns, got %d", len(v))
						}
						build, _ := v[0].(string)
						if parts[p].build == "" {
							parts[p].build = build
						}
						if v[1] == nil { // no chunk in this part
							return []coord.Share{}, nil
						}
						rows, ok := v[1].([]byte)
						if !ok {
							return nil, fmt.Errorf("chunk rows: want bytes, got %T", v[1])
						}
						return decodeChunk(rows, q.Since, q.Until)
					})
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return nil, false, err
		}
		var all [][]coord.Share
		same := true
		for _, p := range parts {
			if len(p.shares) == 0 {
				return nil, false, nil // no current index
			}
			same = same && p.build == parts[0].build
			all = append(all, p.shares...)
		}
		if same {
			return flatten(all), true, nil
		}
		if attempt == 2 { // rebuilt under every read: take the walk
			return nil, false, nil
		}
	}
}

// encodeChunk turns one record of share_index_rows.cypher (accounts, the
// number of shares of each, then per share its object, post and time) into
// a chunk's rows: per account its uid and share count, then per share the
// object, the post and the time, strings as a uvarint length and their
// bytes, numbers as varints. Tens of thousands of short strings and numbers
// as lists cost Neo4j and the driver a value each to store, read, send and
// decode, several times what the bytes themselves cost; as one byte array
// the whole chunk is one value, and decodeChunk slices every string out of
// a single copy.
func encodeChunk(v []any) (rows []byte, shares int, err error) {
	if len(v) != 5 {
		return nil, 0, fmt.Errorf("share rows: want 5 columns, got %d", len(v))
	}
	accounts, _ := v[0].([]any)
	sizes, _ := v[1].([]any)
	objects, _ := v[2].([]any)
	contents, _ := v[3].([]any)
	times, _ := v[4].([]any)
	if len(sizes) != len(accounts) || len(contents) != len(objects) || len(times) != len(objects) {
		return nil, 0, fmt.Errorf("share rows: %d accounts with %d sizes; %d objects, %d posts, %d times",
			len(accounts), len(sizes), len(objects), len(contents), len(times))
	}
	str := func(x any) string { s, _ := x.(string); return s }
	b := binary.AppendUvarint(nil, uint64(len(accounts)))
	i := 0
	for k, a := range accounts {
		n := asInt(sizes[k])
		if n < 0 || i+n > len(objects) {
			return nil, 0, fmt.Errorf("share rows: account %v has %d shares past the %d listed", a, n, len(objects))
		}
		b = AppendShareAccount(b, str(a), n)
		for ; n > 0; n, i = n-1, i+1 {
			b = AppendShare(b, str(objects[i]), str(contents[i]), int64(asInt(times[i])))
		}
	}
	if i != len(objects) {
		return nil, 0, fmt.Errorf("share rows: sizes add up to %d of %d shares", i, len(objects))
	}
	return b, len(objects), nil
}

// ShareChunkRows decodes the rows a ShareChunk node holds (for tests that
// compare two graphs: the rows of an account come in the order its posts
// were read, which is the store's, not the data's).
func ShareChunkRows(rows []byte) ([]coord.Share, error) { return decodeChunk(rows, nil, nil) }

// decodeChunk reads encodeChunk's rows back, keeping the shares in [since,
// until). The strings share one copy of rows.
func decodeChunk(rows []byte, since, until *time.Time) ([]coord.Share, error) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if since != nil {
		lo = since.UnixMilli()
	}
	if until != nil {
		hi = until.UnixMilli()
	}
	data := string(rows)
	pos := 0
	bad := func(what string) error {
		return fmt.Errorf("chunk rows: bad %s at byte %d of %d", what, pos, len(data))
	}
	uvarint := func() (uint64, bool) {
		x, n := binary.Uvarint(rows[pos:])
		if n <= 0 {
			return 0, false
		}
		pos += n
		return x, true
	}
	str := func() (string, bool) {
		n, ok := uvarint()
		if !ok || n > uint64(len(data)-pos) {
			return "", false
		}
		s := data[pos : pos+int(n)]
		pos += int(n)
		return s, true
	}
	nAcc, ok := uvarint()
	if !ok || nAcc > uint64(len(data)) {
		return nil, bad("account count")
	}
	out := make([]coord.Share, 0, len(data)/32)
	for range nAcc {
		account, ok := str()
		if !ok {
			return nil, bad("account")
		}
		n, ok := uvarint()
		if !ok || n > uint64(len(data)) {
			return nil, bad("share count")
		}
		for range n {
			object, ok1 := str()
			content, ok2 := str()
			if !ok1 || !ok2 {
				return nil, bad("share")
			}
			t, m := binary.Varint(rows[pos:])
			if m <= 0 {
				return nil, bad("time")
			}
			pos += m
			if t >= lo && t < hi {
				out = append(out, coord.Share{Object: object, Account: account, Content: content, TimeMs: t})
			}
		}
	}
	if pos != len(data) {
		return nil, bad("end")
	}
	return out, nil
}
