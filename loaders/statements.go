package loaders

import "strings"

// Statements splits a .cypher file into its statements: each ends with a
// line ending in ";" (comments are kept with the statement they precede).
//
// Write files put node MERGEs and relationship MERGEs in separate
// statements of one transaction. When two workers create the same node at
// once, a single statement that MERGEs the node and then a relationship to
// it was seen (Neo4j 5.26, tested in loaders/twitterio) to commit without the
// relationship; a later statement that MATCHes nodes the earlier one
// ensured never does.
func Statements(file string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(file, "\n") {
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if rest := strings.TrimSpace(cur.String()); rest != "" && hasCode(rest) {
		out = append(out, rest)
	}
	return out
}

func hasCode(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "//") {
			return true
		}
	}
	return false
}

// StepsOf returns one step per statement of file, all with params.
func StepsOf(file string, params map[string]any) []Step {
	stmts := Statements(file)
	out := make([]Step, len(stmts))
	for i, s := range stmts {
		out[i] = Step{Query: s, Params: params}
	}
	return out
}
