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
// budget is split between the two piles.
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
}

// pile is the records in memory: their keys and payloads are spans of buf,
// so a million records are two allocations, not two million.
type pile struct {
	buf  []byte
	recs []pending
	// shared is the length of the prefix every key of the pile shares
	shared int
}

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
	w := bufio.NewWriterSize(f, 1<<20)
	for _, r := range p.recs {
		putRecord(w, int(r.klen), r.seq, p.buf[r.off:r.off+r.len])
	}
	if err := w.Flush(); err != nil {
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
	w := bufio.NewWriterSize(f, 1<<20)
	for h.Len() > 0 && err == nil {
		rr := h.rs[0]
		putRecord(w, len(rr.key), rr.seq, rr.buf)
		err = h.advance()
	}
	if err == nil {
		err = w.Flush()
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

// putRecord writes one record of a run: the lengths of its key and
// payload and its seq as uvarints, then rec (the key, then the payload).
// Write errors surface at the writer's Flush.
func putRecord(w *bufio.Writer, klen int, seq uint64, rec []byte) {
	var hdr [3 * binary.MaxVarintLen64]byte
	n := binary.PutUvarint(hdr[:], uint64(klen))
	n += binary.PutUvarint(hdr[n:], seq)
	n += binary.PutUvarint(hdr[n:], uint64(len(rec)-klen))
	w.Write(hdr[:n])
	w.Write(rec)
}

// runReader reads one run file's records into a buffer of its own, which
// the next record reuses.
type runReader struct {
	r            *bufio.Reader
	path         string
	buf          []byte
	key, payload []byte
	seq          uint64
}

func (rr *runReader) next() (bool, error) {
	kl, err := binary.ReadUvarint(rr.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	seq, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return false, err
	}
	pl, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return false, err
	}
	n := int(kl + pl)
	if cap(rr.buf) < n {
		rr.buf = make([]byte, n, max(n, 2*cap(rr.buf)))
	}
	rr.buf = rr.buf[:n]
	if _, err := io.ReadFull(rr.r, rr.buf); err != nil {
		return false, err
	}
	rr.key, rr.payload, rr.seq = rr.buf[:kl], rr.buf[kl:], seq
	return true, nil
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
