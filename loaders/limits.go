package loaders

import (
	"errors"
	"fmt"
	"io"
)

// MaxIndexedBytes is the largest string, in UTF-8 bytes, that Neo4j 5.26
// stores in an indexed or uniqueness-constrained property. A range index
// key (range-1.0, like native-btree-1.0 before it) holds at most 8167
// bytes, and a single string takes its UTF-8 bytes plus 3 of header: on
// 5.26.30, 8164 bytes pass and 8165 fail with "Property value is too large
// to index", for 1- to 4-byte characters alike (TestMaxIndexedBytesIsNeo4js
// pins it; neo4j/neo4j#13967 reports the same boundary). The write fails its
// whole transaction, so a value over it must be a reject before any batch is
// sent: otherwise one row fails its batch on every run.
const MaxIndexedBytes = 8164

// DefaultMaxFieldBytes caps one CSV field: a tweet is at most a few
// kilobytes and a profile description less, so a larger field is damage or
// an attack, and a reject rather than memory.
const DefaultMaxFieldBytes = 1 << 20

// rowFields is how many fields at the cap a row may hold before the reader
// gives up on it: the widest format (the 31 columns of a tweets file) with
// every field at the cap still fits.
const rowFields = 32

// rowSlack allows for what the CSV reader's buffer reads past the end of
// the record it returns.
const rowSlack = 64 << 10

// Reason codes start the Reason of rejects that every format shares, so the
// rejects report can be filtered by them.
const (
	// CodeTooLarge: a value bound for an indexed property is over MaxIndexedBytes.
	CodeTooLarge = "value too large"
	// CodeFieldTooLarge: a field is over the field cap (--max-field-bytes).
	CodeFieldTooLarge = "field too large"
	// CodeControl: a field holds NUL or another C0 control other than tab,
	// newline and carriage return.
	CodeControl = "control character"
	// CodeRowTooLarge starts the error of a row over the row cap, which ends
	// the load: the reader cannot tell where such a row ends.
	CodeRowTooLarge = "row too large"
)

// ErrRowTooLarge is wrapped by the error that stops a load at a row over
// the row cap.
var ErrRowTooLarge = errors.New(CodeRowTooLarge)

// Limited is a stream whose CSV rows are capped: NewCSV reads the caps from
// it, and it fails a read once the record being read has outgrown the row
// cap, so a field that never ends (an unterminated quote, a gzip bomb) costs
// a bounded amount of memory.
type Limited struct {
	r        io.Reader
	maxField int
	maxRow   int64
	read     int64 // bytes handed on
	start    int64 // offset at which the record being read starts
	enforce  bool  // a CSV reads the stream and reports where records start
}

// Limit caps the fields of the CSV read from r at maxField bytes (the
// default when maxField <= 0) and its rows at rowFields times that.
func Limit(r io.Reader, maxField int) *Limited {
	if maxField <= 0 {
		maxField = DefaultMaxFieldBytes
	}
	return &Limited{r: r, maxField: maxField, maxRow: int64(maxField) * rowFields}
}

// FieldLimit is the field cap of r when it came from Limit, else the
// default; a format that buffers its input passes it on to the CSV it reads.
func FieldLimit(r io.Reader) int {
	if l, ok := r.(*Limited); ok {
		return l.maxField
	}
	return DefaultMaxFieldBytes
}

func (l *Limited) Read(p []byte) (int, error) {
	if l.enforce {
		room := l.maxRow + rowSlack - (l.read - l.start)
		if room <= 0 {
			return 0, ErrRowTooLarge
		}
		if int64(len(p)) > room {
			p = p[:room]
		}
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// recordStarts tells the limiter that the next record starts at offset.
func (l *Limited) recordStarts(offset int64) {
	l.enforce = true
	l.start = offset
}

func (l *Limited) rowError(file string, line int) error {
	return fmt.Errorf("%s line %d: %w: the row is over %d bytes (%d times --max-field-bytes %d); the reader cannot tell where it ends, so the load stops here",
		file, line, ErrRowTooLarge, l.maxRow, rowFields, l.maxField)
}
