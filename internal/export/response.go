package export

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/iograph/iograph/internal/apperr"
	"github.com/iograph/iograph/internal/model"
)

// FromResponse finds the network in a GraphQL response's data: an object
// with `nodes` and `edges` lists, as `network`, `path` and
// `coordination { network }` return. path ("coordination.network", aliases
// as written in the query) picks one when the data holds several; an empty
// path needs exactly one. Nodes need `id`; edges `id`, `source` and
// `target`; the other Network fields are read when selected.
func FromResponse(data json.RawMessage, path string) (model.Network, string, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return model.Network{}, "", fmt.Errorf("export: the response data is not a JSON object: %w", err)
	}
	found := map[string]map[string]any{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		_, hasNodes := m["nodes"].([]any)
		_, hasEdges := m["edges"].([]any)
		if hasNodes && hasEdges {
			found[prefix] = m
			return
		}
		for k, child := range m {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			walk(p, child)
		}
	}
	walk("", root)
	paths := make([]string, 0, len(found))
	for p := range found {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	switch {
	case path != "" && found[path] == nil:
		return model.Network{}, "", apperr.New(apperr.BadInput, "no network at %q in the result; networks at: %s", path, orNone(paths))
	case path == "" && len(paths) == 0:
		return model.Network{}, "", apperr.New(apperr.BadInput, "the result holds no network: select `nodes { id … } edges { id source target … }` of network, path or coordination.network")
	case path == "" && len(paths) > 1:
		return model.Network{}, "", apperr.New(apperr.BadInput, "the result holds several networks (%s): say which with path", strings.Join(paths, ", "))
	case path == "":
		path = paths[0]
	}
	n, err := networkOf(found[path])
	if err != nil {
		return n, path, apperr.Wrap(apperr.BadInput, err, "the network at %q: %v", path, err)
	}
	return n, path, nil
}

func orNone(paths []string) string {
	if len(paths) == 0 {
		return "none"
	}
	return strings.Join(paths, ", ")
}

func networkOf(m map[string]any) (model.Network, error) {
	n := model.Network{Nodes: []model.NetworkNode{}, Edges: []model.NetworkEdge{}}
	n.Truncated, _ = m["truncated"].(bool)
	for i, x := range m["nodes"].([]any) {
		o, _ := x.(map[string]any)
		id, _ := o["id"].(string)
		if id == "" {
			return n, fmt.Errorf("node %d has no id (select id)", i)
		}
		node := model.NetworkNode{ID: id, Properties: props(o["properties"])}
		node.Kind, _ = o["kind"].(string)
		node.Label, _ = o["label"].(string)
		if p, ok := o["platform"].(string); ok && p != "" {
			pl := model.Platform(strings.ToLower(p))
			node.Platform = &pl
		}
		n.Nodes = append(n.Nodes, node)
	}
	for i, x := range m["edges"].([]any) {
		o, _ := x.(map[string]any)
		e := model.NetworkEdge{Properties: props(o["properties"])}
		e.ID, _ = o["id"].(string)
		e.Source, _ = o["source"].(string)
		e.Target, _ = o["target"].(string)
		if e.ID == "" || e.Source == "" || e.Target == "" {
			return n, fmt.Errorf("edge %d lacks id, source or target (select them)", i)
		}
		e.Kind, _ = o["kind"].(string)
		if w, ok := o["weight"].(json.Number); ok {
			e.Weight, _ = w.Float64()
		}
		n.Edges = append(n.Edges, e)
	}
	return n, nil
}

// props turns JSON numbers back into int64 or float64, as the store made them.
func props(v any) map[string]any {
	m, _ := v.(map[string]any)
	out := make(map[string]any, len(m))
	for k, x := range m {
		out[k] = number(x)
	}
	return out
}

func number(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = number(e)
		}
		return out
	}
	return v
}
