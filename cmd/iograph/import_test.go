package main

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/iograph/iograph/loaders/bulk"
	"github.com/iograph/iograph/loaders/shares"
)

// Files are grouped by the format named before them, twitter-io before
// any, each format name starting an input of its own (a load command).
func TestImportArguments(t *testing.T) {
	cfg := shares.Config{GlobalIDs: true}
	in := func(format string, files ...string) bulk.Input {
		return bulk.Input{Format: format, Files: files, Shares: cfg}
	}
	for _, tc := range []struct {
		args []string
		want []bulk.Input
		err  string
	}{
		{[]string{"u.csv", "t.csv"}, []bulk.Input{in("twitter-io", "u.csv", "t.csv")}, ""},
		{[]string{"u.csv", "assets", "a.csv", "b.csv", "shares", "s.csv"},
			[]bulk.Input{in("twitter-io", "u.csv"), in("assets", "a.csv", "b.csv"), in("shares", "s.csv")}, ""},
		{[]string{"meta-cib", "m.csv", "twitter-io", "u.csv", "twitter-io", "v.csv"},
			[]bulk.Input{in("meta-cib", "m.csv"), in("twitter-io", "u.csv"), in("twitter-io", "v.csv")}, ""},
		{[]string{"u.csv", "crowdtangle"}, nil, "name files after the format crowdtangle"},
		{[]string{"assets", "shares", "s.csv"}, nil, "name files after the format assets"},
		{nil, nil, "name the files"},
	} {
		got, err := importInputs(tc.args, cfg)
		if tc.err != "" {
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: got %v, want a usage error saying %q", tc.args, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %+v, %v; want %+v", tc.args, got, err, tc.want)
		}
	}
}
