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

// arrayDelimiter separates the loads of a string[] column (load ids are
// hex, so it never occurs in one).
const arrayDelimiter = ";"

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
		if x.key == t.key {
			continue
		}
		if x.val.tag != tagNil && t.colOf(x.key) < 0 {
			return fmt.Errorf("bulk: %s property %q has no column in %s", t.label, x.key, t.path)
		}
	}
	for _, c := range t.cols {
		v, ok := p.get(c.prop)
		if !ok || v.tag == tagNil {
			fields = append(fields, "")
			continue
		}
		s, err := format(v, c.typ)
		if err != nil {
			return fmt.Errorf("bulk: %s property %q: %w", t.label, c.prop, err)
		}
		fields = append(fields, s)
	}
	if t.hasLoads {
		fields = append(fields, quote(strings.Join(loads, arrayDelimiter)))
	}
	t.rows++
	_, err := t.w.WriteString(strings.Join(fields, ",") + "\n")
	return err
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

// format writes v as a field of a column of type typ; a value of another
// type is an error (the online loader would have written another type).
func format(v value, typ string) (string, error) {
	want := map[string][]byte{"string": {tagString}, "long": {tagInt}, "boolean": {tagBool}, "double": {tagFloat},
		"date": {tagDate}, "datetime": {tagDateTime, tagInstant}}[typ]
	ok := false
	for _, w := range want {
		ok = ok || w == v.tag
	}
	if !ok {
		return "", fmt.Errorf("a value of type %d in a %s column", v.tag, typ)
	}
	switch v.tag {
	case tagString:
		return quote(v.s), nil
	case tagInt:
		return strconv.FormatInt(v.i, 10), nil
	case tagBool:
		return strconv.FormatBool(v.i != 0), nil
	case tagFloat:
		return strconv.FormatFloat(v.f, 'g', -1, 64), nil
	case tagDate:
		return time.Unix(v.i*86400, 0).UTC().Format("2006-01-02"), nil
	case tagDateTime:
		return time.Unix(0, v.i).UTC().Format("2006-01-02T15:04:05.999999999") + "Z[UTC]", nil
	case tagInstant:
		return time.Unix(0, v.i).UTC().Format("2006-01-02T15:04:05.999999999") + "Z", nil
	}
	return "", fmt.Errorf("no format for type %d", v.tag)
}
