package loaders

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
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

// maxValueBytes is how much of a rejected value the report keeps.
const maxValueBytes = 200

// Add records one reject.
func (r *Rejects) Add(rej Reject) error {
	rej.Value = shortValue(rej.Value)
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

// shortValue is what the report shows of a rejected value: at most
// maxValueBytes, cut on a character boundary, with C0 controls written as
// \x00 (counted as written) so that a NUL does not reach the report, and
// copied, so that a reject kept for the summary does not pin a row of
// megabytes.
func shortValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); {
		n, piece := 1, v[i:i+1]
		if isControl(v[i]) {
			piece = fmt.Sprintf("\\x%02x", v[i])
		} else if _, size := utf8.DecodeRuneInString(v[i:]); size > 1 {
			n, piece = size, v[i:i+size]
		}
		if b.Len()+len(piece) > maxValueBytes {
			b.WriteString("…")
			break
		}
		b.WriteString(piece)
		i += n
	}
	return b.String()
}
