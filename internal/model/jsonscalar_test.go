package model_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/iograph/iograph/internal/model"
)

// The JSON scalar must write the bytes json.Marshal writes: clients, golden
// files and exports compare them, and a property can hold any text a
// release had (control characters, HTML, invalid UTF-8, line separators).
func TestAppendJSONIsJSONMarshal(t *testing.T) {
	cases := map[string]map[string]any{
		"nil":          nil,
		"empty":        {},
		"scalars":      {"b": true, "f": false, "i": 3, "i64": int64(-9007199254740993), "i32": int32(7), "n": nil, "s": "plain"},
		"floats":       {"half": 0.5, "big": 1e21, "small": 1e-7, "whole": 2.0, "max": math.MaxFloat64},
		"html":         {"s": "<script>alert('&')</script> a->b"},
		"escapes":      {"s": "quote \" backslash \\ tab \t nl \n nul \x00 bell \x07"},
		"unicode":      {"zh": "香港", "ru": "Москва", "seps": "\u2028\u2029", "emoji": "🙂"},
		"invalid utf8": {"s": "\xff\xfe broken \xc3"},
		"keys":         {"z": 1, "a": 2, "<k>": 3, "é": 4, "": 5},
		"nested":       {"list": []any{1, "two", nil, map[string]any{"y": 1, "x": []any{}}}, "map": map[string]any{"b": 1, "a": 2}},
		"times":        {"t": "2019-08-01T10:00:00Z"},
	}
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			want, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if got := model.AppendJSON(nil, m); !bytes.Equal(got, want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			var buf bytes.Buffer
			model.MarshalJSON(m).MarshalGQL(&buf)
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("MarshalJSON wrote %s, want %s", buf.Bytes(), want)
			}
		})
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("handle", "@hkpoliticsnews", int64(3), true)
	f.Add("<", "\u2028\x00\xff", int64(-1), false)
	f.Fuzz(func(t *testing.T, k, s string, n int64, b bool) {
		m := map[string]any{k: s, k + "n": n, k + "b": b, "list": []any{s, n}}
		want, err := json.Marshal(m)
		if err != nil {
			t.Skip()
		}
		if got := model.AppendJSON(nil, m); !bytes.Equal(got, want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
	})
}
