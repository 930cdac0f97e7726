package bulk

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// A sorter is an external sort of records (key, seq, payload) by key, then
// seq: records pile up in memory up to a byte budget, each full pile is
// sorted and written to a run file, and reading merges the runs. Memory is
// the budget, whatever the number of records; a group of records of one key
// (the facts of one node) is all a reader holds at once.
//
// A full pile is sorted and written on a goroutine of its own while the
// next one fills (the parse would otherwise stop for every spill), so the
// budget is split between the two piles. Records a producer has in order
// already are written as they come, to a stream of its own, and read back
// with the runs.
type sorter struct {
	mu        sync.Mutex // add may be called from several folds at once
	dir, name string
	budget    int // of one pile
	pile      pile
	spare     chan pile // the pile being written, back once it is
	spillErr  error     // of the last pile written; read after <-spare
	runs      []string
	seq       uint64
	merges    int // runs merged into one before the last merge (narrow)
	streams   []*stream
}

// pile is the records in memory: their keys and payloads are spans of buf,
// so a million records are two allocations, not two million.
type pile struct {
	buf  []byte
	recs []pending
	// shared is the length of the prefix every key of the pile shares
	shared int
}

// runWriters are the buffers runs are written through: a run is written
// in a moment, and a buffer each of the hundreds of runs a release spills
// was a tenth of the conversion's allocations.
var runWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 1<<20) }}

type pending struct {
	// pre is 16 bytes of the key past the prefix every key of the pile
	// shares, as big-endian numbers, zero-padded: keys share long prefixes
	// ("twitter:" and a snowflake's leading digits), and comparing these
	// words first settles most comparisons of the sort without reaching
	// the bytes.
	pre       [2]uint64
	off       uint32
	klen, len uint32 // key length; key and payload length
	seq       uint64
}

// prefix sets r.pre from its key's bytes past the first skip.
func (r *pending) prefix(key []byte, skip int) {
	var b [16]byte
	copy(b[:], key[skip:])
	r.pre[0], r.pre[1] = binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
}

func newSorter(dir, name string, budget int) *sorter {
	// a pile's offsets are 32-bit
	s := &sorter{dir: dir, name: name, budget: min(max(budget/2, 1<<15), 1<<30), spare: make(chan pile, 1)}
	s.spare <- pile{}
	return s
}

// add queues one record; seq orders records of one key (the order the
// facts were met in the files), and the sorter's own counter is used when
// seq is zero.
func (s *sorter) add(key string, seq uint64, payload []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq == 0 {
		s.seq++
		seq = s.seq
	}
	p := &s.pile
	off := len(p.buf)
	if len(p.recs) == 0 {
		p.shared = len(key)
	} else if p.shared > 0 {
		first, n := p.buf[:p.recs[0].klen], min(p.shared, len(key))
		for i := range n {
			if first[i] != key[i] {
				n = i
				break
			}
		}
		p.shared = n
	}
	p.buf = append(append(p.buf, key...), payload...)
	p.recs = append(p.recs, pending{off: uint32(off), klen: uint32(len(key)), len: uint32(len(key) + len(payload)), seq: seq})
	if len(p.buf)+48*len(p.recs) >= s.budget {
		return s.spill()
	}
	return nil
}

// spill hands the pile in memory to a goroutine that sorts it into a run
// file, once the previous one is written, and takes that one's memory.
func (s *sorter) spill() error {
	if len(s.pile.recs) == 0 {
		return nil
	}
	next := <-s.spare
	if s.spillErr != nil {
		s.spare <- next
		return s.spillErr
	}
	full := s.pile
	s.pile = pile{buf: next.buf[:0], recs: next.recs[:0]}
	path := filepath.Join(s.dir, fmt.Sprintf("%s.run%d", s.name, len(s.runs)))
	s.runs = append(s.runs, path)
	go func() {
		s.spillErr = full.write(path)
		s.spare <- full
	}()
	return nil
}

// A stream is a run its producer writes in order: the records of one fold
// (a post's facts, its authors, its engagements, all read in post order)
// arrive sorted already, so they skip the pile, its copy and its sort, and
// the sorter's lock. A record out of the stream's order goes to the pile
// instead, so a stream never changes what groups reads: it only spares the
// records that need no sorting.
type stream struct {
	s      *sorter
	path   string
	f      *os.File
	w      runWriter // its prev is the stream's last key
	seq    uint64    // and this its seq
	key    []byte    // add's copy of a key
	closed bool
	err    error
}

// streamBuffer is each stream's write buffer.
const streamBuffer = 256 << 10

// stream opens a stream of records into s; groups reads it with the runs.
func (s *sorter) stream() (*stream, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := filepath.Join(s.dir, fmt.Sprintf("%s.stream%d", s.name, len(s.streams)))
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", filepath.Base(path), err)
	}
	st := &stream{s: s, path: path, f: f, w: runWriter{w: bufio.NewWriterSize(f, streamBuffer)}}
	s.streams = append(s.streams, st)
	s.runs = append(s.runs, path)
	return st, nil
}

// add writes a record that sorts at or after the stream's last one, and
// hands any other to the pile.
func (st *stream) add(key string, seq uint64, payload []byte) error {
	if st.closed {
		return fmt.Errorf("stream %s: add after close", filepath.Base(st.path))
	}
	if last := string(st.w.prev); key < last || key == last && seq < st.seq {
		return st.s.add(key, seq, payload)
	}
	st.seq = seq
	st.key = append(st.key[:0], key...)
	st.w.put(st.key, seq, payload)
	return nil
}

// close flushes the stream; groups closes those still open.
func (st *stream) close() error {
	if st.closed {
		return st.err
	}
	st.closed = true
	st.err = st.w.w.Flush()
	if err := st.f.Close(); st.err == nil {
		st.err = err
	}
	if st.err != nil {
		st.err = fmt.Errorf("stream %s: %w", filepath.Base(st.path), st.err)
	}
	return st.err
}

// wait waits for the pile being written.
func (s *sorter) wait() error {
	p := <-s.spare
	s.spare <- p
	return s.spillErr
}

func (p *pile) key(r pending) []byte { return p.buf[r.off : r.off+r.klen] }

// write sorts the pile and writes it to a run file.
func (p *pile) write(path string) error {
	for i := range p.recs {
		p.recs[i].prefix(p.key(p.recs[i]), p.shared)
	}
	slices.SortFunc(p.recs, func(a, b pending) int {
		for i := range a.pre {
			if c := cmp.Compare(a.pre[i], b.pre[i]); c != 0 {
				return c // the keys differ in those 16 bytes
			}
		}
		// equal words: equal 16 bytes, or a shorter key's zero padding
		if c := bytes.Compare(p.key(a), p.key(b)); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("spill %s: %w", filepath.Base(path), err)
	}
	w := newRunWriter(f)
	defer w.release()
	for _, r := range p.recs {
		w.put(p.key(r), r.seq, p.buf[r.off+r.klen:r.off+r.len])
	}
	if err := w.w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("spill %s: %w", filepath.Base(path), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("spill %s: %w", filepath.Base(path), err)
	}
	return nil
}

// groups reads the records back in order, calling fn once per key with its
// payloads in seq order, and removes the run files. The payloads are valid
// only during the call.
func (s *sorter) groups(fn func(key string, payloads [][]byte) error) error {
	s.mu.Lock()
	err := s.spill()
	if err == nil {
		err = s.wait()
	}
	for _, st := range s.streams {
		if cerr := st.close(); err == nil {
			err = cerr
		}
	}
	<-s.spare
	s.pile = pile{}
	s.mu.Unlock()
	defer func() {
		for _, r := range s.runs {
			os.Remove(r)
		}
		s.runs = nil
	}()
	if err != nil {
		return err
	}
	buf, err := s.narrow()
	if err != nil {
		return err
	}
	h, closeRuns, err := openRuns(s.runs, buf)
	defer closeRuns()
	if err != nil {
		return err
	}
	var key []byte
	var arena []byte // the group's payloads
	var ends []int
	var group [][]byte
	flush := func() error {
		group = group[:0]
		start := 0
		for _, e := range ends {
			group = append(group, arena[start:e:e])
			start = e
		}
		return fn(string(key), group)
	}
	started := false
	for h.Len() > 0 {
		rr := h.rs[0]
		if !started || !bytes.Equal(rr.key, key) {
			if started {
				if err := flush(); err != nil {
					return err
				}
			}
			key, arena, ends, started = append(key[:0], rr.key...), arena[:0], ends[:0], true
		}
		arena = append(arena, rr.payload...)
		ends = append(ends, len(arena))
		if err := h.advance(); err != nil {
			return fmt.Errorf("merge %s: %w", s.name, err)
		}
	}
	if started {
		return flush()
	}
	return nil
}

// A merge reads every run at once through a buffer of its own, so its
// memory is runs × buffer: a 10 M-tweet release spills a few hundred runs
// per sorter, and 256 KiB buffers for each took the converter's peak RSS
// from 469 MiB (1 M tweets) to 1,076 MiB. The merge's buffers share the
// sorter's budget instead (its piles are gone by then): the fewer the runs,
// the larger each buffer, down to minRunBuffer; past that, runs are merged
// into one first, fanIn at a time, and the last merge reads what is left.
const (
	minRunBuffer = 64 << 10
	maxRunBuffer = 256 << 10
)

// narrow merges runs until they fit the sorter's budget at minRunBuffer
// each, and returns the buffer each run is then read through.
func (s *sorter) narrow() (int, error) {
	mem := 2 * s.budget // both piles' share
	fanIn := max(2, mem/minRunBuffer)
	for len(s.runs) > fanIn {
		k := min(fanIn, len(s.runs)-fanIn+1)
		out := filepath.Join(s.dir, fmt.Sprintf("%s.merge%d", s.name, s.merges))
		if err := mergeRuns(s.runs[:k], out, max(minRunBuffer, mem/k)); err != nil {
			return 0, err
		}
		for _, r := range s.runs[:k] {
			os.Remove(r)
		}
		s.runs = append(s.runs[k:], out)
		s.merges++
	}
	return min(maxRunBuffer, max(minRunBuffer, mem/max(1, len(s.runs)))), nil
}

// openRuns opens run files for a merge, each read through a buffer of
// buf bytes; close closes those opened, also on an error.
func openRuns(paths []string, buf int) (h *runHeap, close func(), err error) {
	h = &runHeap{}
	var files []*os.File
	close = func() {
		for _, f := range files {
			f.Close()
		}
	}
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, close, err
		}
		files = append(files, f)
		rr := &runReader{r: bufio.NewReaderSize(f, buf), path: path}
		ok, err := rr.next()
		if err != nil {
			return nil, close, fmt.Errorf("read %s: %w", path, err)
		}
		if ok {
			h.rs = append(h.rs, rr)
		}
	}
	heap.Init(h)
	return h, close, nil
}

// mergeRuns writes the records of runs, in order, to one run file.
func mergeRuns(runs []string, out string, buf int) error {
	h, closeRuns, err := openRuns(runs, buf)
	defer closeRuns()
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("merge runs: %w", err)
	}
	w := newRunWriter(f)
	defer w.release()
	for h.Len() > 0 && err == nil {
		rr := h.rs[0]
		w.put(rr.key, rr.seq, rr.payload)
		err = h.advance()
	}
	if err == nil {
		err = w.w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out) // half a run: the merge failed, its inputs are still there
		return fmt.Errorf("merge runs into %s: %w", filepath.Base(out), err)
	}
	return nil
}

// A run is records in order, each: the length of the prefix its key shares
// with the record's before, the lengths of the rest of its key and of its
// payload and its seq as uvarints, then the rest of the key and the
// payload. Records of one key follow each other and keys share long
// prefixes ("twitter:tweet:" and a snowflake's leading digits, a post's
// key for each of its facts), so this was a third less to write and read
// than whole keys.
type runWriter struct {
	w    *bufio.Writer
	prev []byte // the key before
	hdr  []byte // the header's memory, reused by the next
}

// newRunWriter writes a run to f through a buffer of runWriters.
func newRunWriter(f io.Writer) *runWriter {
	w := runWriters.Get().(*bufio.Writer)
	w.Reset(f)
	return &runWriter{w: w}
}

// release hands the writer's buffer back, once flushed.
func (rw *runWriter) release() { runWriters.Put(rw.w) }

// put writes one record. Write errors surface at the writer's Flush.
func (rw *runWriter) put(key []byte, seq uint64, payload []byte) {
	n := min(len(key), len(rw.prev))
	shared := 0
	for shared < n && key[shared] == rw.prev[shared] {
		shared++
	}
	rw.hdr = binary.AppendUvarint(rw.hdr[:0], uint64(shared))
	rw.hdr = binary.AppendUvarint(rw.hdr, uint64(len(key)-shared))
	rw.hdr = binary.AppendUvarint(rw.hdr, seq)
	rw.hdr = binary.AppendUvarint(rw.hdr, uint64(len(payload)))
	rw.w.Write(rw.hdr)
	rw.w.Write(key[shared:])
	rw.w.Write(payload)
	rw.prev = append(rw.prev[:shared], key[shared:]...)
}

// runReader reads one run file's records into buffers of its own, which
// the next record reuses.
type runReader struct {
	r            *bufio.Reader
	path         string
	key, payload []byte
	seq          uint64
}

func (rr *runReader) next() (bool, error) {
	shared, err := binary.ReadUvarint(rr.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var v [3]uint64 // the rest of the key's length, seq, the payload's length
	for i := range v {
		if v[i], err = binary.ReadUvarint(rr.r); err != nil {
			return false, noEOF(err)
		}
	}
	rest, seq, pl := v[0], v[1], v[2]
	if shared > uint64(len(rr.key)) || rest > 1<<30 || pl > 1<<30 {
		return false, fmt.Errorf("a record of %d+%d key bytes and %d payload bytes after a key of %d: %w", shared, rest, pl, len(rr.key), io.ErrUnexpectedEOF)
	}
	rr.key = grow(rr.key, int(shared), int(shared+rest))
	if _, err := io.ReadFull(rr.r, rr.key[shared:]); err != nil {
		return false, noEOF(err)
	}
	rr.payload = grow(rr.payload, 0, int(pl))
	if _, err := io.ReadFull(rr.r, rr.payload); err != nil {
		return false, noEOF(err)
	}
	rr.seq = seq
	return true, nil
}

// grow returns b at length n, keeping its first keep bytes.
func grow(b []byte, keep, n int) []byte {
	if cap(b) < n {
		nb := make([]byte, n, max(n, 2*cap(b)))
		copy(nb, b[:keep])
		return nb
	}
	return b[:n]
}

// noEOF is err, but a run that ends inside a record is cut short.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

type runHeap struct{ rs []*runReader }

// advance moves the run of the smallest record to its next record, or
// drops the run at its end.
func (h *runHeap) advance() error {
	rr := h.rs[0]
	ok, err := rr.next()
	if err != nil {
		return fmt.Errorf("read %s: %w", filepath.Base(rr.path), err)
	}
	if ok {
		heap.Fix(h, 0)
	} else {
		heap.Pop(h)
	}
	return nil
}

func (h *runHeap) Len() int { return len(h.rs) }
func (h *runHeap) Less(i, j int) bool {
	a, b := h.rs[i], h.rs[j]
	if c := bytes.Compare(a.key, b.key); c != 0 {
		return c < 0
	}
	return a.seq < b.seq
}
func (h *runHeap) Swap(i, j int) { h.rs[i], h.rs[j] = h.rs[j], h.rs[i] }
func (h *runHeap) Push(x any)    { h.rs = append(h.rs, x.(*runReader)) }
func (h *runHeap) Pop() any {
	x := h.rs[len(h.rs)-1]
	h.rs = h.rs[:len(h.rs)-1]
	return x
}
