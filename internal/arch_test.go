// Package internal_test holds the house rules that span packages. The
// floors below are the architecture (docs/architecture.md): a package may
// import packages on its own floor or lower, never higher, so data flows one
// way and a change in a low room cannot need a change in a high one.
package internal_test

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/iograph/iograph/"

// floors lists every package of the module by floor, lowest first. A new
// package must be placed here, which is the moment to decide where it
// stands.
var floors = []struct {
	name     string
	packages []string
}{
	{"0 pure: domain types, rules, formats, limits, assets", []string{
		"internal/apperr", "internal/config", "internal/golden", "internal/querysize", "internal/gate",
		"internal/coord", "internal/keys", "internal/model", "internal/auth", "internal/export",
		"graph/model", "loaders/gen", "web", "web/browsertest", "bench/internal/benchkit",
	}},
	{"1 Neo4j foundation", []string{"internal/graphdb"}},
	{"2 data access: the store and the loaders", []string{
		"internal/store", "internal/neo4jtest",
		"loaders", "loaders/links", "loaders/loadertest", "loaders/twitterio", "loaders/shares",
		"loaders/crowdtangle", "loaders/metacib", "loaders/assets", "loaders/bulk",
	}},
	{"3 use cases", []string{"internal/app"}},
	{"4 GraphQL adapters", []string{"graph", "graph/dataloader", "resolvers"}},
	{"5 HTTP edge", []string{"internal/server"}},
	{"6 binaries", []string{
		"internal" /* this test */, "internal/readme", "scripts/testprogress", "cmd/iograph", "bench/apibench", "bench/coordbench", "bench/loadbench", "bench/loadtool", "bench/drawbench", "bench/netbench", "bench/importbench",
	}},
}

// driverImporters: only the foundation and the data floor may import the Neo4j
// import the Neo4j driver, and these (the benchmarks' direct baselines).
var driverImporters = map[string]bool{"bench/apibench": true, "bench/loadbench": true, "bench/netbench": true}

func TestImportsPointDown(t *testing.T) {
	floorOf := map[string]int{}
	for i, f := range floors {
		for _, p := range f.packages {
			floorOf[p] = i
		}
	}
	for _, p := range listPackages(t) {
		from, ok := floorOf[p.path]
		if !ok {
			t.Errorf("%s is on no floor: add it to floors in internal/arch_test.go", p.path)
			continue
		}
		for _, imp := range p.imports {
			if strings.HasPrefix(imp, "github.com/neo4j/neo4j-go-driver/") && from != 1 && from != 2 && !driverImporters[p.path] {
				t.Errorf("%s (floor %s) imports the Neo4j driver: only the foundation and the data floor talk to Neo4j", p.path, floors[from].name)
			}
			if !strings.HasPrefix(imp, module) {
				continue
			}
			imp = strings.TrimPrefix(imp, module)
			to, ok := floorOf[imp]
			if ok && to > from {
				t.Errorf("%s (floor %s) imports %s (floor %s): imports must point down", p.path, floors[from].name, imp, floors[to].name)
			}
		}
	}
}

type pkg struct {
	path    string
	imports []string
}

// listPackages asks go list for every package of the module and its
// non-test imports.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Imports,Dir,GoFiles", module+"...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath, Dir  string
			Imports, GoFiles []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go list: decode: %v", err)
		}
		// go test caches a passing result by the files the test opened;
		// reading the folders and the files go list read keeps the cache
		// from hiding a new import.
		_, _ = os.ReadDir(p.Dir)
		for _, f := range p.GoFiles {
			_, _ = os.ReadFile(filepath.Join(p.Dir, f))
		}
		pkgs = append(pkgs, pkg{path: strings.TrimPrefix(p.ImportPath, module), imports: p.Imports})
	}
	if len(pkgs) < 20 {
		t.Fatalf("go list found %d packages; expected the whole module", len(pkgs))
	}
	return pkgs
}
