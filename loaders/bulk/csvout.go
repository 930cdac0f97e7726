package bulk

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// column is one property column of a neo4j-admin CSV file.
type column struct {
	prop string
	typ  string // string, long, boolean, double, date, datetime
}

// arrayDelimiter separates the elements of an array column: the loads
// (hex ids) and the lists of a disclosure (free text). It is a C0 control,
// which the loaders reject in every field, so it never occurs in one;
// arrayDelimiterArg names it to neo4j-admin.
const (
	arrayDelimiter    = "\x1f"
	arrayDelimiterArg = "U+001F"
)

// table writes one neo4j-admin CSV file: a node file (its key column is the
// ID of the id space) or a relationship file (START_ID, END_ID). Every
// string is quoted, so an empty string is stored as one (an unquoted empty
// field is no property, which is how a null is written); fields may hold
// newlines (the import runs with --multiline-fields).
type table struct {
	path     string
	label    string // node labels (Post:Tweet) or relationship type
	f        *os.File
	out      countingWriter // f, counting what bufio flushed to it
	w        *bufio.Writer
	longest  int64  // bytes of the longest row: neo4j-admin's read buffer must hold it (Admin)
	key      string // node files: the key property, the ID column
	from, to string // relationship files: the id spaces of the ends
	cols     []column
	hasLoads bool
	rows     int64
	colIdx   map[string]int // cols by property
	vals     []value        // the row being written, by column
	scratch  []byte         // writeValue's
}

func newNodeTable(dir, file, labels, key, space string, cols []column, loads bool) (*table, error) {
	t := &table{path: dir + "/" + file, label: labels, key: key, cols: cols, hasLoads: loads}
	hdr := []string{key + ":ID(" + space + ")"}
	return t, t.open(hdr)
}

func newRelTable(dir, file, typ, from, to string, cols []column, loads bool) (*table, error) {
	t := &table{path: dir + "/" + file, label: typ, from: from, to: to, cols: cols, hasLoads: loads}
	return t, t.open([]string{":START_ID(" + from + ")", ":END_ID(" + to + ")"})
}

func (t *table) open(hdr []string) error {
	t.colIdx, t.vals = make(map[string]int, len(t.cols)), make([]value, len(t.cols))
	for i, c := range t.cols {
		t.colIdx[c.prop] = i
	}
	for _, c := range t.cols {
		if c.typ == "string" {
			hdr = append(hdr, c.prop)
		} else {
			hdr = append(hdr, c.prop+":"+c.typ)
		}
	}
	if t.hasLoads {
		hdr = append(hdr, "loads:string[]")
	}
	f, err := os.Create(t.path)
	if err != nil {
		return err
	}
	t.f, t.out = f, countingWriter{w: f}
	t.w = bufio.NewWriterSize(&t.out, 1<<20)
	_, err = t.w.WriteString(strings.Join(hdr, ",") + "\n")
	return err
}

// node writes one node: its key and its properties.
func (t *table) node(key string, p props, loads []string) error {
	return t.row(key, "", 1, p, loads)
}

// rel writes one relationship between the nodes of keys from and to.
func (t *table) rel(from, to string, p props, loads []string) error {
	return t.row(from, to, 2, p, loads)
}

// row writes a line: its first ids (a node's key, or a relationship's
// ends), then p by column and the loads.
func (t *table) row(id0, id1 string, ids int, p props, loads []string) error {
	clear(t.vals)
	for _, x := range p {
		if x.val.tag == tagNil {
			continue
		}
		i, ok := t.colIdx[x.key]
		if !ok {
			if x.key == t.key {
				continue
			}
			return fmt.Errorf("bulk: %s property %q has no column in %s", t.label, x.key, t.path)
		}
		t.vals[i] = x.val
	}
	w := t.w
	start := t.pos()
	writeQuoted(w, id0)
	if ids == 2 {
		w.WriteByte(',')
		writeQuoted(w, id1)
	}
	for i, c := range t.cols {
		w.WriteByte(',')
		v := t.vals[i]
		if v.tag == tagNil {
			continue
		}
		var err error
		if t.scratch, err = writeValue(w, t.scratch, v, c.typ); err != nil {
			return fmt.Errorf("bulk: %s property %q: %w", t.label, c.prop, err)
		}
	}
	if t.hasLoads {
		w.WriteByte(',')
		w.WriteByte('"')
		for i, l := range loads {
			if i > 0 {
				w.WriteString(arrayDelimiter)
			}
			writeEscaped(w, l)
		}
		w.WriteByte('"')
	}
	t.rows++
	err := w.WriteByte('\n')
	t.longest = max(t.longest, t.pos()-start)
	return err
}

// pos is the number of bytes written to the file so far, buffered ones
// included.
func (t *table) pos() int64 { return t.out.n + int64(t.w.Buffered()) }

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (t *table) close() error {
	if err := t.w.Flush(); err != nil {
		t.f.Close()
		return err
	}
	return t.f.Close()
}

// writeQuoted writes s as a quoted field, its quotes doubled.
func writeQuoted(w *bufio.Writer, s string) {
	w.WriteByte('"')
	writeEscaped(w, s)
	w.WriteByte('"')
}

// writeEscaped writes s with its quotes doubled.
func writeEscaped(w *bufio.Writer, s string) {
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		w.WriteString(s[:i+1])
		w.WriteByte('"')
		s = s[i+1:]
	}
	w.WriteString(s)
}

// columnTags are the value types a column of each type takes (a short
// list: scanned per field, it costs less than a map).
var columnTags = []struct {
	typ  string
	tags [2]byte
}{{"string", [2]byte{tagString, tagString}}, {"long", [2]byte{tagInt, tagInt}}, {"boolean", [2]byte{tagBool, tagBool}},
	{"double", [2]byte{tagFloat, tagFloat}}, {"date", [2]byte{tagDate, tagDate}}, {"datetime", [2]byte{tagDateTime, tagInstant}},
	{"byte[]", [2]byte{tagBytes, tagBytes}}, {"string[]", [2]byte{tagStrings, tagStrings}}, {"long[]", [2]byte{tagInts, tagInts}}}

func columnTagsOf(typ string) [2]byte {
	for _, c := range columnTags {
		if c.typ == typ {
			return c.tags
		}
	}
	return [2]byte{255, 255}
}

// writeValue writes v as a field of a column of type typ, formatting it in
// buf (returned for the next field); a value of another type is an error
// (the online loader would have written another type).
func writeValue(w *bufio.Writer, buf []byte, v value, typ string) ([]byte, error) {
	if tags := columnTagsOf(typ); v.tag != tags[0] && v.tag != tags[1] {
		return buf, fmt.Errorf("a value of type %d in a %s column", v.tag, typ)
	}
	buf = buf[:0]
	switch v.tag {
	case tagString, tagStrings, tagInts:
		writeQuoted(w, v.s)
		return buf, nil
	case tagInt:
		buf = strconv.AppendInt(buf, v.i, 10)
	case tagBool:
		buf = strconv.AppendBool(buf, v.i != 0)
	case tagFloat:
		buf = strconv.AppendFloat(buf, v.f, 'g', -1, 64)
	case tagDate:
		buf = time.Unix(v.i*86400, 0).UTC().AppendFormat(buf, "2006-01-02")
	case tagDateTime:
		buf = append(time.Unix(0, v.i).UTC().AppendFormat(buf, "2006-01-02T15:04:05.999999999"), "Z[UTC]"...)
	case tagInstant:
		buf = append(time.Unix(0, v.i).UTC().AppendFormat(buf, "2006-01-02T15:04:05.999999999"), 'Z')
	case tagBytes:
		// neo4j-admin reads a byte[] field as Java bytes, which are signed;
		// a chunk is hundreds of thousands of them
		for i := 0; i < len(v.s); i++ {
			if i > 0 {
				buf = append(buf, arrayDelimiter...)
			}
			buf = append(buf, signedBytes[v.s[i]]...)
		}
	}
	_, err := w.Write(buf)
	return buf, err
}

// signedBytes are the bytes as Java's signed bytes print.
var signedBytes = func() (out [256]string) {
	for i := range out {
		out[i] = strconv.Itoa(int(int8(i)))
	}
	return out
}()
