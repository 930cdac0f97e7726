package bulk

import (
	"bufio"
	"fmt"
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
	path      string
	label     string // node labels (Post:Tweet) or relationship type
	f         *os.File
	w         *bufio.Writer
	key       string // node files: the key property, the ID column
	from, to  string // relationship files: the id spaces of the ends
	cols      []column
	hasLoads  bool
	rows      int64
	fieldsBuf []string
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
	t.f, t.w = f, bufio.NewWriterSize(f, 1<<20)
	_, err = t.w.WriteString(strings.Join(hdr, ",") + "\n")
	return err
}

// node writes one node: its key and its properties.
func (t *table) node(key string, p props, loads []string) error {
	return t.row([]string{quote(key)}, p, loads)
}

// rel writes one relationship between the nodes of keys from and to.
func (t *table) rel(from, to string, p props, loads []string) error {
	return t.row([]string{quote(from), quote(to)}, p, loads)
}

func (t *table) row(fields []string, p props, loads []string) error {
	for _, x := range p {
		if x.key != t.key && x.val.tag != tagNil && t.colOf(x.key) < 0 {
			return fmt.Errorf("bulk: %s property %q has no column in %s", t.label, x.key, t.path)
		}
	}
	w := t.w
	for i, f := range fields {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(f)
	}
	for _, c := range t.cols {
		w.WriteByte(',')
		v, ok := p.get(c.prop)
		if !ok || v.tag == tagNil {
			continue
		}
		if err := writeValue(w, v, c.typ); err != nil {
			return fmt.Errorf("bulk: %s property %q: %w", t.label, c.prop, err)
		}
	}
	if t.hasLoads {
		w.WriteByte(',')
		writeQuoted(w, strings.Join(loads, arrayDelimiter))
	}
	t.rows++
	return w.WriteByte('\n')
}

func (t *table) colOf(prop string) int {
	for i, c := range t.cols {
		if c.prop == prop {
			return i
		}
	}
	return -1
}

func (t *table) close() error {
	if err := t.w.Flush(); err != nil {
		t.f.Close()
		return err
	}
	return t.f.Close()
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// writeQuoted writes s as a quoted field, its quotes doubled.
func writeQuoted(w *bufio.Writer, s string) {
	w.WriteByte('"')
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
	w.WriteByte('"')
}

// columnTags are the value types a column of each type takes.
var columnTags = map[string][2]byte{"string": {tagString, tagString}, "long": {tagInt, tagInt}, "boolean": {tagBool, tagBool},
	"double": {tagFloat, tagFloat}, "date": {tagDate, tagDate}, "datetime": {tagDateTime, tagInstant},
	"string[]": {tagStrings, tagStrings}, "long[]": {tagInts, tagInts}}

// writeValue writes v as a field of a column of type typ; a value of
// another type is an error (the online loader would have written another
// type).
func writeValue(w *bufio.Writer, v value, typ string) error {
	if tags := columnTags[typ]; v.tag != tags[0] && v.tag != tags[1] {
		return fmt.Errorf("a value of type %d in a %s column", v.tag, typ)
	}
	var buf [64]byte
	switch v.tag {
	case tagString, tagStrings, tagInts:
		writeQuoted(w, v.s)
	case tagInt:
		w.Write(strconv.AppendInt(buf[:0], v.i, 10))
	case tagBool:
		w.Write(strconv.AppendBool(buf[:0], v.i != 0))
	case tagFloat:
		w.Write(strconv.AppendFloat(buf[:0], v.f, 'g', -1, 64))
	case tagDate:
		w.Write(time.Unix(v.i*86400, 0).UTC().AppendFormat(buf[:0], "2006-01-02"))
	case tagDateTime:
		w.Write(time.Unix(0, v.i).UTC().AppendFormat(buf[:0], "2006-01-02T15:04:05.999999999"))
		w.WriteString("Z[UTC]")
	case tagInstant:
		w.Write(time.Unix(0, v.i).UTC().AppendFormat(buf[:0], "2006-01-02T15:04:05.999999999"))
		w.WriteByte('Z')
	}
	return nil
}
