package loaders

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
)

// Entry is one CSV stream inside an input file: the file itself, the
// decompressed content of a .gz, or one .csv member of a .zip.
type Entry struct {
	Path   string // the file given on the command line
	Name   string // the CSV's own name: the file's base name, or the zip member's path
	Size   int64  // the total that Stream.Pos counts towards, for progress and ETA
	SHA256 string // of the file on disk, so the same release re-loaded is recognised
	open   func(pos *Counter) (io.ReadCloser, error)
}

// Counter counts bytes as they pass, for progress reporting from another
// goroutine.
type Counter struct{ n atomic.Int64 }

// N is the number of bytes counted so far.
func (c *Counter) N() int64 { return c.n.Load() }

type countingReader struct {
	r io.Reader
	c *Counter
}

func (cr countingReader) Read(p []byte) (int, error) {
	n, err := cr.r.Read(p)
	cr.c.n.Add(int64(n))
	return n, err
}

// Label names the entry in messages: "file.zip:member.csv" or "file.csv".
func (e Entry) Label() string {
	if strings.HasSuffix(strings.ToLower(e.Path), ".zip") {
		return e.Path + ":" + e.Name
	}
	return e.Path
}

// Open returns the entry's decompressed CSV bytes; pos counts progress
// towards Size (bytes on disk for .csv and .gz, decompressed bytes of a zip
// member).
func (e Entry) Open(pos *Counter) (io.ReadCloser, error) { return e.open(pos) }

// Entries lists the CSV streams of a file: .csv, .csv.gz or .zip (every
// .csv member, in name order; split releases often ship parts in one zip).
func Entries(path string) ([]Entry, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory; name the files", path)
	}
	sum, err := fileSHA256(path)
	if err != nil {
		return nil, err
	}
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".zip"):
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, fmt.Errorf("%s: not a readable zip: %w", path, err)
		}
		defer zr.Close()
		var out []Entry
		for _, f := range zr.File {
			if f.FileInfo().IsDir() || !strings.HasSuffix(strings.ToLower(f.Name), ".csv") || strings.HasPrefix(filepath.Base(f.Name), ".") || strings.HasPrefix(f.Name, "__MACOSX/") {
				continue
			}
			member := f.Name
			out = append(out, Entry{Path: path, Name: member, Size: int64(f.UncompressedSize64), SHA256: sum,
				open: func(pos *Counter) (io.ReadCloser, error) { return openZipMember(path, member, pos) }})
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s: the zip holds no .csv file", path)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		return out, nil
	case strings.HasSuffix(lower, ".gz"):
		return []Entry{{Path: path, Name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), Size: st.Size(), SHA256: sum,
			open: func(pos *Counter) (io.ReadCloser, error) { return openGzip(path, pos) }}}, nil
	default:
		return []Entry{{Path: path, Name: filepath.Base(path), Size: st.Size(), SHA256: sum,
			open: func(pos *Counter) (io.ReadCloser, error) { return openPlain(path, pos) }}}, nil
	}
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, bufio.NewReaderSize(f, 1<<20)); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

type multiCloser struct {
	io.Reader
	closers []io.Closer
}

func (m multiCloser) Close() error {
	var first error
	for _, c := range m.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func openPlain(path string, pos *Counter) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return multiCloser{Reader: countingReader{f, pos}, closers: []io.Closer{f}}, nil
}

func openGzip(path string, pos *Counter) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	gz, err := gzip.NewReader(bufio.NewReaderSize(countingReader{f, pos}, 1<<20))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: not a readable gzip file: %w", path, err)
	}
	return multiCloser{Reader: gz, closers: []io.Closer{gz, f}}, nil
}

func openZipMember(path, member string, pos *Counter) (io.ReadCloser, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	for _, f := range zr.File {
		if f.Name == member {
			rc, err := f.Open()
			if err != nil {
				zr.Close()
				return nil, fmt.Errorf("%s:%s: %w", path, member, err)
			}
			return multiCloser{Reader: countingReader{rc, pos}, closers: []io.Closer{rc, zr}}, nil
		}
	}
	zr.Close()
	return nil, fmt.Errorf("%s: member %s vanished", path, member)
}
