// Package golden compares test output with files under testdata/golden,
// rewritten by `go test ./... -update` when a change is intended (review the
// diff before committing it).
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files with the actual output")

// JSON compares got, re-indented, with testdata/golden/<name>.json.
func JSON(t testing.TB, name string, got []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, got, "", "  "); err != nil {
		t.Fatalf("golden %s: output is not JSON: %v\n%s", name, err, got)
	}
	buf.WriteByte('\n')
	File(t, name+".json", buf.Bytes())
}

// File compares got with testdata/golden/<name> byte for byte.
func File(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run with -update to create it)", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("golden %s differs (run with -update to accept)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}
