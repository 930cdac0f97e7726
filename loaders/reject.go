package loaders

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
)

// Reject is one input row that was not loaded, and why.
type Reject struct {
	File   string
	Line   int
	Column string // the offending column, or "" for the whole row
	Reason string
	Value  string // the offending value, shortened
}

func (r Reject) String() string {
	col := ""
	if r.Column != "" {
		col = " field " + r.Column
	}
	return fmt.Sprintf("%s line %d%s: %s", r.File, r.Line, col, r.Reason)
}

// Rejects collects rejected rows into an optional CSV report and counts them.
// It is safe for concurrent use.
type Rejects struct {
	mu    sync.Mutex
	w     *csv.Writer
	f     io.Closer
	n     int
	first []Reject // the first few, to print in the summary
}

// maxShown is how many rejects the summary prints.
const maxShown = 10

// NewRejects writes the report to path, or only counts when path is "".
func NewRejects(path string) (*Rejects, error) {
	r := &Rejects{}
	if path == "" {
		return r, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("rejects file: %w", err)
	}
	r.f = f
	r.w = csv.NewWriter(f)
	if err := r.w.Write([]string{"file", "line", "column", "reason", "value"}); err != nil {
		return nil, fmt.Errorf("rejects file: %w", err)
	}
	return r, nil
}

// Add records one reject.
func (r *Rejects) Add(rej Reject) error {
	if len(rej.Value) > 200 {
		rej.Value = rej.Value[:200] + "…"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	if len(r.first) < maxShown {
		r.first = append(r.first, rej)
	}
	if r.w == nil {
		return nil
	}
	return r.w.Write([]string{rej.File, strconv.Itoa(rej.Line), rej.Column, rej.Reason, rej.Value})
}

// Count is the number of rejects so far.
func (r *Rejects) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// First returns up to ten of the first rejects, for the summary.
func (r *Rejects) First() []Reject {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Reject(nil), r.first...)
}

// Close flushes the report.
func (r *Rejects) Close() error {
	if r.w == nil {
		return nil
	}
	r.w.Flush()
	if err := r.w.Error(); err != nil {
		return err
	}
	return r.f.Close()
}
