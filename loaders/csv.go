package loaders

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// HeaderError refuses a file whose header lacks columns the format needs,
// or has columns that say it is another format. It is returned before
// anything from the file is written.
type HeaderError struct {
	File     string
	Format   string
	Missing  []string
	Extra    []string // columns of another format (a tweets header in a file named as a users file)
	Expected []string
	Got      []string
}

func (e *HeaderError) Error() string {
	what := "missing column(s) " + strings.Join(e.Missing, ", ")
	if len(e.Extra) > 0 {
		what = "column(s) of another format " + strings.Join(e.Extra, ", ")
		if len(e.Missing) > 0 {
			what += ", and missing column(s) " + strings.Join(e.Missing, ", ")
		}
	}
	return fmt.Sprintf("%s line 1: not a %s file: %s; expected columns: %s (got: %s)",
		e.File, e.Format, what, strings.Join(e.Expected, ","), strings.Join(e.Got, ","))
}

// CSV reads one CSV stream row by row in constant memory, checking the
// header once and turning malformed rows into Rejects instead of failures.
type CSV struct {
	r      *csv.Reader
	lim    *Limited
	file   string
	header []string
	cols   map[string]int
	fields []string
	line   int
	next   int // the line after the last record read, where the next one starts unless blank lines follow
}

// NewCSV reads and checks the header of r: every column of required must be
// present (case-insensitive, surrounding spaces and a UTF-8 BOM ignored);
// other columns are allowed and kept. Fields and rows are capped as Limit
// says when r came from it, else at the defaults.
func NewCSV(r io.Reader, file, format string, required []string) (*CSV, error) {
	lim, ok := r.(*Limited)
	if !ok {
		lim = Limit(r, 0)
	}
	lim.recordStarts(0)
	cr := csv.NewReader(lim)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &HeaderError{File: file, Format: format, Missing: required, Expected: required}
	}
	if errors.Is(err, ErrRowTooLarge) {
		return nil, lim.rowError(file, 1)
	}
	if err != nil {
		return nil, fmt.Errorf("%s line 1: unreadable header: %w", file, err)
	}
	lim.recordStarts(cr.InputOffset())
	c := &CSV{r: cr, lim: lim, file: file, cols: make(map[string]int, len(header)), next: 1 + linesOf(header)}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.ToLower(strings.TrimSpace(h))
		c.header = append(c.header, h)
		if _, dup := c.cols[h]; !dup {
			c.cols[h] = i
		}
	}
	var missing []string
	for _, name := range required {
		if _, ok := c.cols[strings.ToLower(name)]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, &HeaderError{File: file, Format: format, Missing: missing, Expected: required, Got: c.header}
	}
	return c, nil
}

// Has reports whether the header has column name.
func (c *CSV) Has(name string) bool { _, ok := c.cols[name]; return ok }

// Header is the normalised header (lower case, trimmed).
func (c *CSV) Header() []string { return c.header }

// Next advances to the next row. It returns (nil, io.EOF) at the end, and a
// non-nil *Reject for a row that cannot be read (wrong field count, a stray
// or unterminated quote, invalid UTF-8, a field over the cap, a control
// character); the caller records it and goes on. A row over the row cap,
// or a stream that fails (a truncated .gz), ends the load with an error.
func (c *CSV) Next() (*Reject, error) {
	fields, err := c.r.Read()
	c.lim.recordStarts(c.r.InputOffset())
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	if errors.Is(err, ErrRowTooLarge) {
		return nil, c.lim.rowError(c.file, c.next)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		c.line = pe.StartLine
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			c.next = pe.StartLine + linesOf(fields)
			return &Reject{File: c.file, Line: pe.StartLine, Reason: fmt.Sprintf("wrong field count: %d fields, the header has %d", len(fields), len(c.header))}, nil
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			c.next = pe.Line + 1 // the reader drops the rest of the line
			return &Reject{File: c.file, Line: pe.StartLine, Column: c.columnAt(pe.Column),
				Reason: fmt.Sprintf("malformed quoting at line %d column %d: %v", pe.Line, pe.Column, pe.Err)}, nil
		}
		c.next = pe.Line + 1
		return &Reject{File: c.file, Line: pe.StartLine, Reason: pe.Err.Error()}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s line %d: read: %w", c.file, c.next, err)
	}
	c.line, _ = c.r.FieldPos(0)
	c.next = c.line + linesOf(fields)
	c.fields = fields
	return c.check(), nil
}

// check applies the rules every format shares to the fields of the current
// row: the field cap, UTF-8, and no control characters. A control character
// is a reject, not stripped: a loader that altered a field would store as
// evidence what the release never said, and NUL and the other C0 controls
// (but tab, newline and carriage return) are what XML exports cannot carry.
func (c *CSV) check() *Reject {
	for i, f := range c.fields {
		col := c.columnName(i)
		if len(f) > c.lim.maxField {
			return c.Reject(col, fmt.Sprintf("%s: %d bytes, over --max-field-bytes %d", CodeFieldTooLarge, len(f), c.lim.maxField), f)
		}
		if !utf8.ValidString(f) {
			return c.Reject(col, "invalid UTF-8", strings.ToValidUTF8(f, "\ufffd"))
		}
		if j := controlAt(f); j >= 0 {
			return c.Reject(col, fmt.Sprintf("%s: %U at byte %d", CodeControl, rune(f[j]), j), f)
		}
	}
	return nil
}

// controlAt is the index of the first control character in s, or -1.
func controlAt(s string) int {
	for i := 0; i < len(s); i++ {
		if isControl(s[i]) {
			return i
		}
	}
	return -1
}

// isControl tells the bytes the policy rejects: NUL and the other C0
// controls but tab, newline and carriage return. Bytes of multi-byte UTF-8
// characters are all 0x80 or above, so a byte test is exact.
func isControl(b byte) bool { return b < 0x20 && b != '\t' && b != '\n' && b != '\r' }

// linesOf is how many lines a record's fields span (newlines inside quoted
// fields, plus the record's own).
func linesOf(fields []string) int {
	n := 1
	for _, f := range fields {
		n += strings.Count(f, "\n")
	}
	return n
}

func (c *CSV) columnName(i int) string {
	if i < len(c.header) {
		return c.header[i]
	}
	return fmt.Sprintf("field %d", i+1)
}

// columnAt is a best effort to name the field of a byte column in a broken
// line; encoding/csv reports bytes, not field indexes, so it only says
// "column N" for the reader to look at.
func (c *CSV) columnAt(col int) string { return fmt.Sprintf("byte %d", col) }

// Get returns the named column of the current row ("" when the header lacks it).
func (c *CSV) Get(name string) string {
	i, ok := c.cols[name]
	if !ok || i >= len(c.fields) {
		return ""
	}
	return c.fields[i]
}

// Line is the line the current row starts on (1 is the header).
func (c *CSV) Line() int { return c.line }

// File is the label of the stream, for messages.
func (c *CSV) File() string { return c.file }

// Key is a value bound for an indexed property, and the column it comes
// from.
type Key struct{ Column, Value string }

// CheckKeys rejects the current row when a value bound for an indexed
// property (as it will be stored: lower-cased, prefixed) is over
// MaxIndexedBytes, which Neo4j would refuse with the whole batch.
func (c *CSV) CheckKeys(keys ...Key) *Reject {
	for _, k := range keys {
		if len(k.Value) > MaxIndexedBytes {
			return c.Reject(k.Column, fmt.Sprintf("%s: %d bytes for an indexed property; Neo4j indexes at most %d",
				CodeTooLarge, len(k.Value), MaxIndexedBytes), k.Value)
		}
	}
	return nil
}

// Reject builds a rejection of the current row for one column.
func (c *CSV) Reject(column, reason, value string) *Reject {
	return &Reject{File: c.file, Line: c.line, Column: column, Reason: reason, Value: value}
}

// Require refuses the stream unless its header has every column of cols
// (for formats whose columns depend on which variant the header shows).
func (c *CSV) Require(format string, cols []string) error {
	var missing []string
	for _, col := range cols {
		if !c.Has(col) {
			missing = append(missing, col)
		}
	}
	if len(missing) > 0 {
		return &HeaderError{File: c.file, Format: format, Missing: missing, Expected: cols, Got: c.header}
	}
	return nil
}
