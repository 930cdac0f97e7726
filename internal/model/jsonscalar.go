package model

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalJSON writes the JSON scalar (a map) as encoding/json would, keys
// sorted, without its reflection and buffers for the values a graph
// property holds: a 5,000-node, 20,000-edge network has 25,000 property
// maps, and gqlgen's graphql.Map (a json.Encoder each) cost 65 ms of such an
// answer. Values of other types go through encoding/json.
func MarshalJSON(m map[string]any) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = w.Write(AppendJSON(nil, m))
	})
}

// AppendJSON appends m as compact JSON with sorted keys (nil: null).
func AppendJSON(b []byte, m map[string]any) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONValue(b, m[k])
	}
	return append(b, '}')
}

func appendJSONValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendJSONString(b, v)
	case bool:
		return strconv.AppendBool(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case int32:
		return strconv.AppendInt(b, int64(v), 10)
	}
	j, err := json.Marshal(v)
	if err != nil {
		// gqlgen's graphql.Map panics here; a value a property cannot hold
		// (a channel, a cycle) is a bug of ours, so it says what it was.
		panic(fmt.Sprintf("JSON scalar: %T: %v", v, err))
	}
	return append(b, j...)
}

// appendJSONString writes plain ASCII strings directly; anything that
// encoding/json escapes (quotes, backslashes, control characters, <, >, &,
// and every non-ASCII byte, for U+2028/U+2029 and invalid UTF-8) goes
// through it, so the bytes are the same as json.Marshal's.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(s)
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// UnmarshalJSON reads the JSON scalar: an object, as graphql.Map does.
func UnmarshalJSON(v any) (map[string]any, error) {
	return graphql.UnmarshalMap(v)
}
