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
	"strings"
	"sync"
)

// A sorter is an external sort of records (key, seq, payload) by key, then
// seq: records pile up in memory up to a byte budget, each full pile is
// sorted and written to a run file, and reading merges the runs. Memory is
// the budget, whatever the number of records; a group of records of one key
// (the facts of one node) is all a reader holds at once.
type sorter struct {
	mu        sync.Mutex // add may be called from several folds at once
	dir, name string
	budget    int
	buf       []byte // the keys and payloads of the records in memory
	recs      []pending
	runs      []string
	seq       uint64
}

// pending is a record in memory: its key and payload are spans of buf,
// so a million records are two allocations, not two million.
type pending struct {
	off       int
	klen, len int // key length; key and payload length
	seq       uint64
}

type record struct {
	key     string
	seq     uint64
	payload []byte
}

func newSorter(dir, name string, budget int) *sorter {
	return &sorter{dir: dir, name: name, budget: max(budget, 1<<16)}
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
	off := len(s.buf)
	s.buf = append(append(s.buf, key...), payload...)
	s.recs = append(s.recs, pending{off: off, klen: len(key), len: len(key) + len(payload), seq: seq})
	if len(s.buf)+40*len(s.recs) >= s.budget {
		return s.spill()
	}
	return nil
}

func (s *sorter) key(p pending) []byte { return s.buf[p.off : p.off+p.klen] }

func compareRecords(a, b record) int {
	if c := strings.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// spill writes the records in memory to a sorted run file.
func (s *sorter) spill() error {
	if len(s.recs) == 0 {
		return nil
	}
	slices.SortFunc(s.recs, func(a, b pending) int {
		if c := bytes.Compare(s.key(a), s.key(b)); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	path := filepath.Join(s.dir, fmt.Sprintf("%s.run%d", s.name, len(s.runs)))
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("spill %s: %w", s.name, err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var hdr [3 * binary.MaxVarintLen64]byte
	for _, r := range s.recs {
		n := binary.PutUvarint(hdr[:], uint64(r.klen))
		n += binary.PutUvarint(hdr[n:], r.seq)
		n += binary.PutUvarint(hdr[n:], uint64(r.len-r.klen))
		w.Write(hdr[:n])
		w.Write(s.buf[r.off : r.off+r.len])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("spill %s: %w", s.name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("spill %s: %w", s.name, err)
	}
	s.runs = append(s.runs, path)
	s.recs, s.buf = s.recs[:0], s.buf[:0]
	return nil
}

// groups reads the records back in order, calling fn once per key with its
// payloads in seq order, and removes the run files.
func (s *sorter) groups(fn func(key string, payloads [][]byte) error) error {
	if err := s.spill(); err != nil {
		return err
	}
	s.recs, s.buf = nil, nil
	defer func() {
		for _, r := range s.runs {
			os.Remove(r)
		}
		s.runs = nil
	}()
	h := &runHeap{}
	for _, path := range s.runs {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rr := &runReader{r: bufio.NewReaderSize(f, 256<<10)}
		ok, err := rr.next()
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if ok {
			h.rs = append(h.rs, rr)
		}
	}
	heap.Init(h)
	var key string
	var group [][]byte
	started := false
	for h.Len() > 0 {
		rr := h.rs[0]
		if !started || rr.cur.key != key {
			if started {
				if err := fn(key, group); err != nil {
					return err
				}
			}
			key, group, started = rr.cur.key, group[:0], true
		}
		group = append(group, rr.cur.payload)
		ok, err := rr.next()
		if err != nil {
			return fmt.Errorf("read %s run: %w", s.name, err)
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	if started {
		return fn(key, group)
	}
	return nil
}

type runReader struct {
	r   *bufio.Reader
	cur record
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
	buf := make([]byte, kl+pl)
	if _, err := io.ReadFull(rr.r, buf); err != nil {
		return false, err
	}
	rr.cur = record{key: string(buf[:kl]), seq: seq, payload: buf[kl:]}
	return true, nil
}

type runHeap struct{ rs []*runReader }

func (h *runHeap) Len() int           { return len(h.rs) }
func (h *runHeap) Less(i, j int) bool { return compareRecords(h.rs[i].cur, h.rs[j].cur) < 0 }
func (h *runHeap) Swap(i, j int)      { h.rs[i], h.rs[j] = h.rs[j], h.rs[i] }
func (h *runHeap) Push(x any)         { h.rs = append(h.rs, x.(*runReader)) }
func (h *runHeap) Pop() any {
	x := h.rs[len(h.rs)-1]
	h.rs = h.rs[:len(h.rs)-1]
	return x
}
