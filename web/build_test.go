package web_test

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/iograph/iograph/web"
)

// The committed bundle is what `make web` builds from the committed
// sources: the test builds a copy in a temporary directory (npm ci, codegen,
// tsc, esbuild) and compares every file of dist/ and the generated types
// byte for byte. It needs Node and npm: under CI=true their absence fails
// the test, elsewhere it skips.
func TestBundleIsFresh(t *testing.T) {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			msg := tool + " is missing: install Node and npm (Debian: apt-get install nodejs npm) to check that web/dist is fresh"
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	if testing.Short() {
		t.Skip("-short: the bundle check runs npm ci")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "web")
	for _, p := range []string{"web/package.json", "web/package-lock.json", "web/codegen.yml", "web/tsconfig.json", "web/build.mjs", "web/src", "schema", "demo/queries"} {
		copyTree(t, filepath.Join("..", p), filepath.Join(root, p))
	}
	for _, args := range [][]string{{"npm", "ci", "--no-audit", "--no-fund"}, {"npm", "run", "build"}} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	stale := 0
	compare := func(name string, committed []byte) {
		built, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("the build made no %s: %v", name, err)
			stale++
			return
		}
		if !bytes.Equal(built, committed) {
			t.Errorf("%s differs from a fresh build (%d bytes committed, %d built)", name, len(committed), len(built))
			stale++
		}
	}
	err := fs.WalkDir(web.Dist, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.Dist, p)
		compare(p, b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	types, err := os.ReadFile("src/gql/types.ts")
	if err != nil {
		t.Fatal(err)
	}
	compare("src/gql/types.ts", types)
	if stale > 0 {
		t.Fatalf("web/dist is stale: run `make web` and commit web/dist and web/src/gql")
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err == nil {
			err = os.MkdirAll(filepath.Dir(dst), 0o755)
		}
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
