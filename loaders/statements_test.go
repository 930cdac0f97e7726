package loaders

import "testing"

func TestStatements(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"// one\nMATCH (n) RETURN n\n", 1},
		{"// nodes\nMERGE (a:A {k: 1});\n// rels\nMATCH (a:A) MERGE (a)-[:R]->(a);\n", 2},
		{"MERGE (a:A {k: 1});\n\n// trailing comment only\n", 1},
	} {
		if got := Statements(tc.in); len(got) != tc.want {
			t.Errorf("Statements(%q) = %d statements %q, want %d", tc.in, len(got), got, tc.want)
		}
	}
}
