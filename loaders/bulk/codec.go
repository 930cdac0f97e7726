package bulk

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"
	"unsafe"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Facts carry property values in a small binary form: a tag, then the
// value. The tags keep the Cypher type a value was written with (a date is
// not a datetime), so the CSV column gets the type the online loader's
// parameter gave the property.
const (
	tagNil byte = iota
	tagString
	tagInt
	tagBool
	tagFloat
	tagDate     // days since 1970-01-01
	tagDateTime // UTC, named zone "UTC" (a Go time.Time parameter)
	tagInstant  // UTC, offset Z (datetime({epochMillis: …}) in Cypher)
	tagStrings  // a list of strings, joined by arrayDelimiter
	tagInts     // a list of integers, in decimal, joined by arrayDelimiter
	tagBytes    // a byte array (a share chunk's rows), in s; never in a fact
)

// value is a decoded property value.
type value struct {
	tag byte
	s   string
	i   int64 // int, bool (0/1), date (days), datetime and instant (Unix nanoseconds)
	f   float64
}

// instant is a datetime as Cypher's datetime({epochMillis: ms}) makes it.
func instant(ms int64) value { return value{tag: tagInstant, i: ms * int64(time.Millisecond)} }

func valueOf(v any) (value, error) {
	switch x := v.(type) {
	case nil:
		return value{}, nil
	case string:
		return value{tag: tagString, s: x}, nil
	case int64:
		return value{tag: tagInt, i: x}, nil
	case int:
		return value{tag: tagInt, i: int64(x)}, nil
	case *int64:
		if x == nil {
			return value{}, nil
		}
		return value{tag: tagInt, i: *x}, nil
	case bool:
		if x {
			return value{tag: tagBool, i: 1}, nil
		}
		return value{tag: tagBool}, nil
	case float64:
		return value{tag: tagFloat, f: x}, nil
	case dbtype.Date:
		t := time.Time(x)
		return value{tag: tagDate, i: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400}, nil
	case value:
		return x, nil
	case []string, []int64, []int:
		return listValue(x), nil
	case time.Time:
		if x.Location() != time.UTC {
			return value{}, fmt.Errorf("bulk: a datetime outside UTC (%s) has no column type here", x.Location())
		}
		return value{tag: tagDateTime, i: x.UnixNano()}, nil
	}
	return value{}, fmt.Errorf("bulk: no column type for a %T property", v)
}

// props is a property map in key order.
type props []prop

type prop struct {
	key string
	val value
}

func (p props) get(key string) (value, bool) {
	for _, x := range p {
		if x.key == key {
			return x.val, true
		}
	}
	return value{}, false
}

// set applies SET n += p to cur: a nil value removes the property.
func (cur props) set(p props) props {
	if len(cur) == 0 { // a node's first fact: nothing to find or replace
		for _, x := range p {
			if x.val.tag != tagNil {
				cur = append(cur, x)
			}
		}
		return cur
	}
	for _, x := range p {
		i := slices.IndexFunc(cur, func(y prop) bool { return y.key == x.key })
		switch {
		case x.val.tag == tagNil && i >= 0:
			cur = slices.Delete(cur, i, i+1)
		case x.val.tag == tagNil:
		case i >= 0:
			cur[i].val = x.val
		default:
			cur = append(cur, x)
		}
	}
	return cur
}

type encoder struct {
	b []byte
	// beginProps' count, its place in b and put's first error
	n, count int
	err      error
}

func (e *encoder) reset()           { e.b = e.b[:0] }
func (e *encoder) uvarint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) byte(c byte)      { e.b = append(e.b, c) }
func (e *encoder) varint(n int64)   { e.b = binary.AppendVarint(e.b, n) }

func (e *encoder) value(v value) {
	e.byte(v.tag)
	switch v.tag {
	case tagString, tagStrings, tagInts:
		e.str(v.s)
	case tagInt, tagBool, tagDate, tagDateTime, tagInstant:
		e.b = binary.AppendVarint(e.b, v.i)
	case tagFloat:
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v.f))
	}
}

// propsMap encodes a parameter map (as the loader passes to SET) as props
// does, without building the props first: key order is of no matter to a
// SET, and a fact is written once and folded once.
func (e *encoder) propsMap(m map[string]any) error {
	e.uvarint(uint64(len(m)))
	e.err = nil
	for k, v := range m {
		e.put(k, v)
	}
	return e.err
}

// beginProps starts props given one at a time to put, ended by endProps.
func (e *encoder) beginProps() {
	e.n, e.err, e.count = 0, nil, len(e.b)
	e.b = append(e.b, 0) // the count, set by endProps
}

// put encodes one property between beginProps and endProps.
func (e *encoder) put(k string, v any) {
	val, err := valueOf(v)
	if err != nil {
		if e.err == nil {
			e.err = fmt.Errorf("%s: %w", k, err)
		}
		return
	}
	e.str(k)
	e.value(val)
	e.n++
}

// endProps sets the count beginProps left room for (one byte: a node has
// fewer than 128 properties).
func (e *encoder) endProps() error {
	if e.err == nil && e.n >= 128 {
		e.err = fmt.Errorf("%d properties; at most 127", e.n)
	}
	e.b[e.count] = byte(e.n)
	return e.err
}

func (e *encoder) props(p props) {
	e.uvarint(uint64(len(p)))
	for _, x := range p {
		e.str(x.key)
		e.value(x.val)
	}
}

type decoder struct {
	b   []byte
	err error
	// alias makes strings share b's memory instead of copying it: for a
	// fold, whose strings are written out before the sorter reuses b (a
	// Post's facts are most of the conversion's bytes, and copying each
	// string once more was a fifth of its time).
	alias bool
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = fmt.Errorf("bulk: a spill record is truncated")
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) varint() int64 {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) str() string {
	n := d.uvarint()
	if uint64(len(d.b)) < n {
		d.fail()
		return ""
	}
	var s string
	switch {
	case n == 0:
	case d.alias:
		s = unsafe.String(&d.b[0], n)
	default:
		s = string(d.b[:n])
	}
	d.b = d.b[n:]
	return s
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) value() value {
	v := value{tag: d.byte()}
	switch v.tag {
	case tagString, tagStrings, tagInts:
		v.s = d.str()
	case tagInt, tagBool, tagDate, tagDateTime, tagInstant:
		v.i = d.varint()
	case tagFloat:
		if len(d.b) < 8 {
			d.fail()
			return v
		}
		v.f = math.Float64frombits(binary.LittleEndian.Uint64(d.b))
		d.b = d.b[8:]
	}
	return v
}

func (d *decoder) props() props { return d.propsInto(nil) }

// propsInto decodes props into dst's memory (a fold's, reused for every
// fact: a fresh slice per fact was a tenth of the fold).
func (d *decoder) propsInto(dst props) props {
	n := d.uvarint()
	p := dst[:0]
	for i := uint64(0); i < n && d.err == nil; i++ {
		k := d.str()
		p = append(p, prop{k, d.value()})
	}
	return p
}
