package store_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/store"
)

// stats answers from the count store only for the labels and types its
// queries name; any other is counted by a scan. Every label and type that a
// .cypher file of the repository writes or matches must therefore be named.
func TestStatsNameEveryLabelAndTypeTheCodeWrites(t *testing.T) {
	labelRe := regexp.MustCompile(`(?:\(\w*|\w:|SET \w+):([A-Z][A-Za-z]+)\b`)
	typeRe := regexp.MustCompile(`\[\w*:([A-Z][A-Z_]+)[\s\]{*]`)
	labels, types := map[string]bool{}, map[string]bool{}
	files := 0
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".cypher") || strings.Contains(path, "stats_") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			for _, m := range labelRe.FindAllStringSubmatch(line, -1) {
				labels[m[1]] = true
			}
			for _, m := range typeRe.FindAllStringSubmatch(line, -1) {
				types[m[1]] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 || len(labels) < 10 || len(types) < 10 {
		t.Fatalf("read %d files, %d labels, %d types: the scan is broken", files, len(labels), len(types))
	}
	for l := range labels {
		if !slices.Contains(store.CountedLabels(), l) {
			t.Errorf("label %s is written by the code but not counted by stats_nodes.cypher", l)
		}
	}
	for ty := range types {
		if !slices.Contains(store.CountedTypes(), ty) {
			t.Errorf("relationship type %s is written by the code but not counted by stats_relationships.cypher", ty)
		}
	}
}
