package export

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
)

// xmlWriter wraps an xml.Encoder so the writers read as a document outline;
// it keeps the first error and ignores every call after it. All text and
// attribute values pass through encoding/xml, which escapes & < > " ' and
// replaces characters XML 1.0 cannot hold with U+FFFD.
type xmlWriter struct {
	enc *xml.Encoder
	err error
}

// newXMLWriter writes the XML declaration (which the encoder cannot follow
// with a line break) and returns an indenting writer for the rest.
func newXMLWriter(w io.Writer) xmlWriter {
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	x := xmlWriter{enc: enc}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		x.err = fmt.Errorf("write declaration: %w", err)
	}
	return x
}

// start opens element name with attributes given as name, value pairs.
// Names are written verbatim (xmlns, xsi:schemaLocation), which keeps the
// root's namespace declarations exactly as the schemas spell them.
func (x *xmlWriter) start(name string, attrs ...string) {
	if x.err != nil {
		return
	}
	el := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		el.Attr = append(el.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	if err := x.enc.EncodeToken(el); err != nil {
		x.err = fmt.Errorf("write <%s>: %w", name, err)
	}
}

func (x *xmlWriter) end(name string) {
	if x.err != nil {
		return
	}
	if err := x.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}}); err != nil {
		x.err = fmt.Errorf("write </%s>: %w", name, err)
	}
}

func (x *xmlWriter) textElement(name, text string, attrs ...string) {
	x.start(name, attrs...)
	if x.err == nil {
		if err := x.enc.EncodeToken(xml.CharData(text)); err != nil {
			x.err = fmt.Errorf("write <%s> text: %w", name, err)
		}
	}
	x.end(name)
}

func (x *xmlWriter) element(v any) {
	if x.err != nil {
		return
	}
	if err := x.enc.Encode(v); err != nil {
		x.err = fmt.Errorf("write %T: %w", v, err)
	}
}

func (x *xmlWriter) flush() {
	if x.err == nil {
		if err := x.enc.Flush(); err != nil {
			x.err = fmt.Errorf("flush: %w", err)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
