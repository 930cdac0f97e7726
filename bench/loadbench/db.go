package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/iograph/iograph/bench/internal/benchkit"
	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/store"
)

var (
	//go:embed wipe.cypher
	wipeCypher string
	//go:embed wipe_nodes.cypher
	wipeNodesCypher string
	//go:embed count_nodes.cypher
	countNodesCypher string
	//go:embed count_relationships.cypher
	countRelationshipsCypher string
	//go:embed checksums.cypher
	checksumsCypher string
	//go:embed neo4j_version.cypher
	neo4jVersionCypher string
	//go:embed neo4j_settings.cypher
	neo4jSettingsCypher string
)

// db is the benchmark's access to the database it loads: the store for
// what iograph itself does (migrate, refresh), g for the benchmark's own
// Cypher.
type db struct {
	st *store.Store
	g  *graphdb.DB
}

// autocommit runs q in an auto-commit transaction, which CALL { … } IN
// TRANSACTIONS requires, and waits for it to finish.
func (d *db) autocommit(ctx context.Context, q string, params map[string]any) error {
	sess := d.g.Session(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(context.Background())
	res, err := sess.Run(ctx, q, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

func (d *db) query(ctx context.Context, q string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := d.g.Query(ctx, q, params)
	if err != nil {
		return nil, err
	}
	return res.Records, nil
}

func (d *db) strings(ctx context.Context, q string) ([]string, error) {
	recs, err := d.query(ctx, q, nil)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range recs {
		v, _, err := neo4j.GetRecordValue[string](r, "value")
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// wipe empties the database and checks that it is empty, so each load
// starts from nothing.
func (d *db) wipe(ctx context.Context) error {
	for _, q := range []string{wipeCypher, wipeNodesCypher} {
		if err := d.autocommit(ctx, q, nil); err != nil {
			return fmt.Errorf("wipe: %w", err)
		}
	}
	c, err := d.counts(ctx)
	if err != nil {
		return err
	}
	if len(c.nodes) != 0 {
		return fmt.Errorf("wipe: %d labels still have nodes", len(c.nodes))
	}
	return nil
}

// migrate applies iograph's schema, which the LOAD CSV baseline relies on
// as much as iograph does (iograph load migrates by itself).
func (d *db) migrate(ctx context.Context) error {
	_, err := d.st.Migrate(ctx)
	return err
}

// row is one line of a graph's census: a label or type, how many, and the
// provenance entries they record.
type row struct {
	name     string
	n, loads int64
}

// sum is one line of the checksums.
type sum struct {
	name string
	sums []any
}

// counts is a graph's census: what the two loads must agree on.
type counts struct {
	nodes, rels []row
	sums        []sum
}

func (d *db) counts(ctx context.Context) (counts, error) {
	var c counts
	for _, q := range []struct {
		cypher string
		dst    *[]row
	}{{countNodesCypher, &c.nodes}, {countRelationshipsCypher, &c.rels}} {
		recs, err := d.query(ctx, q.cypher, nil)
		if err != nil {
			return c, fmt.Errorf("count the graph: %w", err)
		}
		for _, r := range recs {
			m := r.AsMap()
			*q.dst = append(*q.dst, row{name: m["name"].(string), n: m["n"].(int64), loads: m["loads"].(int64)})
		}
	}
	if len(c.nodes) == 0 {
		return c, nil
	}
	recs, err := d.query(ctx, checksumsCypher, nil)
	if err != nil {
		return c, fmt.Errorf("checksums: %w", err)
	}
	for _, r := range recs {
		m := r.AsMap()
		c.sums = append(c.sums, sum{name: m["name"].(string), sums: m["sums"].([]any)})
	}
	return c, nil
}

// diff lists every line where a and b disagree.
func diff(a, b counts) []string {
	var out []string
	cmp := func(kind string, x, y []row) {
		idx := map[string]row{}
		for _, r := range y {
			idx[r.name] = r
		}
		seen := map[string]bool{}
		for _, r := range x {
			seen[r.name] = true
			if o := idx[r.name]; o != r {
				out = append(out, fmt.Sprintf("%s %s: iograph %d (loads %d), LOAD CSV %d (loads %d)", kind, r.name, r.n, r.loads, o.n, o.loads))
			}
		}
		for _, r := range y {
			if !seen[r.name] {
				out = append(out, fmt.Sprintf("%s %s: iograph 0, LOAD CSV %d (loads %d)", kind, r.name, r.n, r.loads))
			}
		}
	}
	cmp("label", a.nodes, b.nodes)
	cmp("type", a.rels, b.rels)
	bs := map[string]string{}
	for _, s := range b.sums {
		bs[s.name] = fmt.Sprint(s.sums...)
	}
	for _, s := range a.sums {
		if v := fmt.Sprint(s.sums...); bs[s.name] != v {
			out = append(out, fmt.Sprintf("checksum %s: iograph %v, LOAD CSV %v", s.name, s.sums, bs[s.name]))
		}
	}
	return out
}

func printCounts(w *strings.Builder, c counts) {
	for _, part := range []struct {
		title string
		rows  []row
	}{{"nodes", c.nodes}, {"relationships", c.rels}} {
		fmt.Fprintf(w, "  %s:", part.title)
		for _, r := range part.rows {
			fmt.Fprintf(w, " %s=%d", r.name, r.n)
		}
		w.WriteString("\n")
	}
}

type host struct{ machine, neo4j string }

// hostInfo describes the machine and the server, to print with the numbers.
func hostInfo(ctx context.Context, d *db) host {
	h := host{machine: fmt.Sprintf("%d cores, %s RAM, %s", runtime.NumCPU(), benchkit.MemTotal(), runtime.GOOS+"/"+runtime.GOARCH)}
	v, err := d.strings(ctx, neo4jVersionCypher)
	if err != nil || len(v) == 0 {
		v = []string{"unknown version"}
	}
	s, _ := d.strings(ctx, neo4jSettingsCypher)
	h.neo4j = "Neo4j " + v[0] + " " + strings.Join(s, " ")
	return h
}

// serverCPU is the CPU time (user+system, seconds) Neo4j has used so far,
// when it runs on this machine from $NEO4J_DATA_DIR (as scripts/neo4j
// starts it), else -1. Loads on a shared machine vary in wall time with the
// neighbours; the server's CPU seconds per load vary much less.
func serverCPU() float64 {
	dd := os.Getenv("NEO4J_DATA_DIR")
	if dd == "" {
		return -1
	}
	pid, err := os.ReadFile(filepath.Join(dd, "run", "neo4j.pid"))
	if err != nil {
		return -1
	}
	return procCPU(strings.TrimSpace(string(pid)))
}

// procCPU reads utime+stime of a process from /proc (clock ticks of 1/100 s
// on Linux).
func procCPU(pid string) float64 {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
	if err != nil {
		return -1
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return -1
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return -1
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (u + st) / 100
}
