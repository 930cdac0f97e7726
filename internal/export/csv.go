package export

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/iograph/iograph/internal/model"
)

// WriteCSVFiles writes the network as two CSV files for Gephi's spreadsheet
// import (File › Import spreadsheet, once for nodes, once for edges) and for
// spreadsheets.
//
// nodes gets the header Id,Label,Kind,Platform and then one column per node
// property; edges gets Id,Source,Target,Type,Kind,Weight and then one column
// per edge property. The capitalised names are the ones Gephi recognises
// (case-insensitively): Id and Label become the node id and label; Source,
// Target and Weight the edge ends and weight; Type is the direction,
// "Directed" or "Undirected" (COORDINATED), so a coordination network is all
// Undirected and a script building a networkx or igraph graph from the files
// picks an undirected one from that column; Kind is Gephi's edge kind, which
// keeps an AMPLIFIED and a COORDINATED edge between the same accounts apart
// as parallel edges. A missing value is an empty cell.
//
// The files are UTF-8 without a byte-order mark (a BOM would become part of
// Gephi's first header name); in Excel open them with Data › From Text/CSV.
// Cells that a spreadsheet would run as a formula — starting with = + - @,
// tab or carriage return, unless the cell is a plain number or an @handle —
// get a leading apostrophe: account names in this data are chosen by the
// operations being investigated.
//
// CSV has no place for meta; it is accepted so callers can treat all formats
// alike, and Write(CSV) puts it in the zip comment.
func WriteCSVFiles(nodes, edges io.Writer, n model.Network, meta Meta) error {
	if err := validate(n); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	if err := writeNodesCSV(nodes, n); err != nil {
		return fmt.Errorf("export csv: nodes.csv: %w", err)
	}
	if err := writeEdgesCSV(edges, n); err != nil {
		return fmt.Errorf("export csv: edges.csv: %w", err)
	}
	return nil
}

func writeNodesCSV(w io.Writer, n model.Network) error {
	t := nodeTable(n.Nodes)
	cw := csv.NewWriter(w)
	header := []string{"Id", "Label", "Kind", "Platform"}
	for _, c := range t.Cols {
		header = append(header, cell(c.Name))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i, x := range n.Nodes {
		rec := []string{cell(x.ID), cell(x.Label), cell(x.Kind), cell(platformOf(x))}
		rec = appendCells(rec, t, i)
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("node %q: %w", x.ID, err)
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeEdgesCSV(w io.Writer, n model.Network) error {
	t := edgeTable(n.Edges)
	cw := csv.NewWriter(w)
	header := []string{"Id", "Source", "Target", "Type", "Kind", "Weight"}
	for _, c := range t.Cols {
		header = append(header, cell(c.Name))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i, e := range n.Edges {
		dir := "Directed"
		if undirected(e) {
			dir = "Undirected"
		}
		rec := []string{cell(e.ID), cell(e.Source), cell(e.Target), dir, cell(e.Kind), formatFloat(e.Weight)}
		rec = appendCells(rec, t, i)
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("edge %q: %w", e.ID, err)
		}
	}
	cw.Flush()
	return cw.Error()
}

func appendCells(rec []string, t table, row int) []string {
	for _, c := range t.Cols {
		v, ok := t.Rows[row][c.Name]
		switch {
		case !ok:
			rec = append(rec, "")
		case c.Type == typeString:
			rec = append(rec, cell(text(v)))
		default:
			rec = append(rec, text(v)) // numbers and booleans cannot start a formula
		}
	}
	return rec
}

// cell defuses spreadsheet formulas (see WriteCSVFiles).
func cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	if s[0] == '@' && isHandle(s[1:]) {
		return s
	}
	return "'" + s
}

// isHandle reports whether s is a plain social-media handle (letters,
// digits, _ and .), which no spreadsheet reads as a formula.
func isHandle(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// zipEpoch dates the archive entries when meta has no date: a fixed time
// keeps the archive byte-for-byte reproducible.
// maxZipComment is the most a zip comment can hold (a 16-bit length).
const maxZipComment = 65535

var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func writeCSVZip(w io.Writer, n model.Network, meta Meta) error {
	zw := zip.NewWriter(w)
	modified := zipEpoch
	if !meta.Created.IsZero() {
		modified = meta.Created.UTC()
	}
	entry := func(name string) (io.Writer, error) {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return nil, fmt.Errorf("zip %s: %w", name, err)
		}
		return f, nil
	}
	f, err := entry("nodes.csv")
	if err != nil {
		return err
	}
	if err := writeNodesCSV(f, n); err != nil {
		return fmt.Errorf("nodes.csv: %w", err)
	}
	if f, err = entry("edges.csv"); err != nil {
		return err
	}
	if err := writeEdgesCSV(f, n); err != nil {
		return fmt.Errorf("edges.csv: %w", err)
	}
	lines := append([]string{"iograph network export: nodes.csv and edges.csv for Gephi's spreadsheet import"}, metaLines(n, meta)...)
	comment := strings.Join(lines, "\n")
	if len(comment) > maxZipComment {
		comment = strings.ToValidUTF8(comment[:maxZipComment], "")
	}
	if err := zw.SetComment(comment); err != nil {
		return fmt.Errorf("zip comment: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	return nil
}
