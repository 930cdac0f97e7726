package neo4jtest

import (
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/iograph/iograph/internal/graphdb"
	"github.com/iograph/iograph/internal/store"
)

var (
	//go:embed canonical_nodes.cypher
	canonicalNodesCypher string
	//go:embed canonical_relationships.cypher
	canonicalRelationshipsCypher string
)

// Ignored names, per label or relationship type, the properties a
// canonical dump leaves out: values that differ between two correct runs
// because they record when something ran, never what the graph holds.
type Ignored map[string][]string

// WhenItRan is what every comparison of two runs ignores: the times a load
// started, was last attempted and finished; when a dataset was first and
// last loaded; the data versions derived from those times (a dataset's
// derivedFor, a share index's version); when and under which random build
// id a share index was built.
var WhenItRan = Ignored{
	"Load":       {"startedAt", "lastAttemptAt", "finishedAt"},
	"Dataset":    {"createdAt", "updatedAt", "derivedFor"},
	"ShareIndex": {"version", "build", "builtAt"},
	"ShareChunk": {"build"},
}

// Canonical dumps the whole graph of db, load records included, as sorted
// lines in which every value carries its type (a datetime its zone, so a
// datetime with a named zone differs from one with an offset), leaving out
// the ignored properties. Two graphs are equal when their dumps are.
func Canonical(ctx context.Context, db *graphdb.DB, ignore Ignored) ([]string, error) {
	var lines []string
	for _, q := range []string{canonicalNodesCypher, canonicalRelationshipsCypher} {
		res, err := db.Query(ctx, q, nil)
		if err != nil {
			return nil, fmt.Errorf("canonical dump: %w", err)
		}
		for _, r := range res.Records {
			m := r.AsMap()
			props, _ := m["props"].(map[string]any)
			var owners []any
			if labels, ok := m["labels"].([]any); ok {
				owners = labels
			} else {
				owners = []any{m["type"]}
			}
			for _, o := range owners {
				for _, k := range ignore[fmt.Sprint(o)] {
					delete(props, k)
				}
			}
			typed := map[string]any{}
			for k, v := range m {
				if k == "props" {
					continue
				}
				if l, ok := v.([]any); ok { // labels, in no particular order
					slices.SortFunc(l, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
				}
				typed[k] = v
			}
			p := map[string]string{}
			for k, v := range props {
				p[k] = typedValue(v)
			}
			if rows, ok := props["rows"].([]byte); ok && slices.Contains(owners, any("ShareChunk")) {
				// a chunk's rows are a set: each account's come in the order
				// its posts were read, which is the store's order
				shares, err := store.ShareChunkRows(rows)
				if err != nil {
					return nil, err
				}
				list := make([]string, len(shares))
				for i, s := range shares {
					list[i] = fmt.Sprintf("%q", []any{s.Account, s.Object, s.Content, s.TimeMs})
				}
				sort.Strings(list)
				p["rows"] = "shares:" + strings.Join(list, ",")
			}
			typed["props"] = p
			b, err := json.Marshal(typed)
			if err != nil {
				return nil, err
			}
			lines = append(lines, string(b))
		}
	}
	sort.Strings(lines)
	return lines, nil
}

// typedValue writes a property value with its type.
func typedValue(v any) string {
	switch x := v.(type) {
	case time.Time:
		return "datetime:" + x.Format(time.RFC3339Nano) + "[" + x.Location().String() + "]"
	case dbtype.Date:
		return "date:" + time.Time(x).Format("2006-01-02")
	case []byte:
		return "bytes:" + base64.StdEncoding.EncodeToString(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = typedValue(e)
		}
		return fmt.Sprintf("list:%q", parts)
	}
	return fmt.Sprintf("%T:%v", v, v)
}

// DiffLines describes the first differences between two sorted dumps, or
// "" when they are equal.
func DiffLines(a, b []string) string {
	if slices.Equal(a, b) {
		return ""
	}
	if d := DiffDumps(a, b); d != "" {
		return d
	}
	return fmt.Sprintf("%d lines against %d", len(a), len(b))
}
