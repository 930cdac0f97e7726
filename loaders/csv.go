package loaders

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// HeaderError refuses a file whose header lacks columns the format needs.
// It is returned before anything from the file is written.
type HeaderError struct {
	File     string
	Format   string
	Missing  []string
	Expected []string
	Got      []string
}

func (e *HeaderError) Error() string {
	return fmt.Sprintf("%s line 1: not a %s file: missing column(s) %s; expected columns: %s (got: %s)",
		e.File, e.Format, strings.Join(e.Missing, ", "), strings.Join(e.Expected, ","), strings.Join(e.Got, ","))
}

// CSV reads one CSV stream row by row in constant memory, checking the
// header once and turning malformed rows into Rejects instead of failures.
type CSV struct {
	r      *csv.Reader
	file   string
	header []string
	cols   map[string]int
	fields []string
	line   int
}

// NewCSV reads and checks the header of r: every column of required must be
// present (case-insensitive, surrounding spaces and a UTF-8 BOM ignored);
// other columns are allowed and kept.
func NewCSV(r io.Reader, file, format string, required []string) (*CSV, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &HeaderError{File: file, Format: format, Missing: required, Expected: required}
	}
	if err != nil {
		return nil, fmt.Errorf("%s line 1: unreadable header: %w", file, err)
	}
	c := &CSV{r: cr, file: file, cols: make(map[string]int, len(header))}
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
// or unterminated quote, invalid UTF-8); the caller records it and goes on.
func (c *CSV) Next() (*Reject, error) {
	fields, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		c.line = pe.StartLine
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			return &Reject{File: c.file, Line: pe.StartLine, Reason: fmt.Sprintf("wrong field count: %d fields, the header has %d", len(fields), len(c.header))}, nil
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			return &Reject{File: c.file, Line: pe.StartLine, Column: c.columnAt(pe.Column),
				Reason: fmt.Sprintf("malformed quoting at line %d column %d: %v", pe.Line, pe.Column, pe.Err)}, nil
		}
		return &Reject{File: c.file, Line: pe.StartLine, Reason: pe.Err.Error()}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: read: %w", c.file, err)
	}
	c.line, _ = c.r.FieldPos(0)
	c.fields = fields
	for i, f := range fields {
		if !utf8.ValidString(f) {
			return c.Reject(c.header[i], "invalid UTF-8", strings.ToValidUTF8(f, "\ufffd")), nil
		}
	}
	return nil, nil
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
