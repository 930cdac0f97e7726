package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/iograph/iograph/internal/neo4jtest"
)

func TestLoadCommandReportsRejectsAndExitStatus(t *testing.T) {
	neo4jtest.Fresh(t)
	dir := t.TempDir()
	list := filepath.Join(dir, "list.csv")
	if err := os.WriteFile(list, []byte("platform,kind,id,handle\ntwitter,account,1,a\nmyspace,account,2,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rejects := filepath.Join(dir, "rejects.csv")
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"load", "assets", list, "--rejects", rejects}, neo4jFlags(t)...), &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "1 rows were rejected") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("a load with rejects must fail with one line; got %v", err)
	}
	if !strings.Contains(out.String(), list+" line 3 field platform: unknown platform") ||
		!strings.Contains(out.String(), "2 rows, 1 accepted, 1 rejected") {
		t.Fatalf("summary does not show the reject:\n%s", out.String())
	}
	f, err := os.Open(rejects)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 2 || strings.Join(recs[1][:3], ",") != list+",3,platform" {
		t.Fatalf("rejects file = %v, %v", recs, err)
	}

	// --allow-rejects accepts them; the same bytes are not loaded twice.
	out.Reset()
	if err := run(context.Background(), append([]string{"load", "assets", "--allow-rejects", list}, neo4jFlags(t)...), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "skipped (already loaded)") {
		t.Fatalf("second load of the same file was not skipped:\n%s", out.String())
	}

	out.Reset()
	if err := run(context.Background(), append([]string{"datasets"}, neo4jFlags(t)...), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "assets:list") || !strings.Contains(out.String(), "complete") {
		t.Fatalf("datasets does not list the load:\n%s", out.String())
	}
	// It says where each row went: 2 rows, 1 accepted, 1 rejected, 0 blank.
	if !regexp.MustCompile(`complete\s+2\s+1\s+1\s+0\s`).MatchString(out.String()) || !strings.Contains(out.String(), "ROWS = ACCEPTED + REJECTED + BLANK") {
		t.Fatalf("datasets does not account for every row:\n%s", out.String())
	}
}

func TestLoadCommandMistakes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"load"}, "name a format"},
		{[]string{"load", "pdf", "x.pdf"}, `unknown format "pdf"`},
		{[]string{"load", "twitter-io"}, "name at least one file"},
		{[]string{"load", "twitter-io", "--batch-size", "0", "x.csv"}, "--batch-size"},
		{[]string{"load", "shares", "--max-field-bytes", "100", "x.csv"}, "--max-field-bytes must be"},
	} {
		err := run(context.Background(), tc.args, io.Discard, io.Discard)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want usage error with %q", tc.args, err, tc.want)
		}
	}
	err := run(context.Background(), []string{"load", "shares", "/no/such/file.csv"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "/no/such/file.csv") {
		t.Errorf("missing file: %v", err)
	}
}
