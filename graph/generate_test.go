package graph_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedCodeIsFresh regenerates the gqlgen output in a copy of the
// module and fails when it differs from what is committed: someone edited
// schema/ or gqlgen.yml without running `go generate ./...`.
func TestGeneratedCodeIsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates the schema (about 20s)")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	copyTree(t, root, tmp)

	cmd := exec.Command("go", "tool", "gqlgen", "generate")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gqlgen generate: %v\n%s", err, out)
	}
	checked := 0
	for _, dir := range []string{"graph", "graph/model", "resolvers"} {
		files, _ := filepath.Glob(filepath.Join(tmp, dir, "*.go"))
		for _, regenerated := range files {
			rel, _ := filepath.Rel(tmp, regenerated)
			want, err := os.ReadFile(regenerated)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(root, rel))
			if err != nil {
				t.Errorf("%s: generated but not committed (run go generate ./...)", rel)
				continue
			}
			checked++
			if !bytes.Equal(got, want) {
				t.Errorf("%s is stale: run `go generate ./...` and commit the result", rel)
			}
		}
	}
	if checked < 3 {
		t.Fatalf("compared only %d generated files", checked)
	}
}

// copyTree copies what gqlgen needs to load the module: Go sources, the
// schema, embedded Cypher, go.mod/go.sum and gqlgen.yml.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		switch filepath.Ext(path) {
		case ".go", ".graphql", ".cypher", ".mod", ".sum", ".yml":
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
