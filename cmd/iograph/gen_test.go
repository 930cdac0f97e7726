package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenWritesARelease(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var stdout bytes.Buffer
	err := runGen(context.Background(), []string{"twitter-io", "--tweets", "2000", "--accounts", "120",
		"--groups", "2", "--group-size", "4", "--seed", "9", "--out", dir}, &stdout, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"synthetic_082019_1_users_csv_hashed.csv", "synthetic_082019_1_tweets_csv_hashed.csv",
		"planted_groups.csv", "SYNTHETIC.md"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	out := stdout.String()
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, "120 users, 2000 tweets") || !strings.Contains(out, "2 planted groups of 8 members") {
		t.Errorf("summary line = %q", out)
	}
}

func TestGenMistakes(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no format", nil, "name a format"},
		{"unknown format", []string{"facebook"}, `unknown format "facebook"`},
		{"unknown flag", []string{"twitter-io", "--bogus"}, "flag provided but not defined: -bogus"},
		{"bad number", []string{"twitter-io", "--tweets", "many"}, "invalid value"},
		{"missing out", []string{"twitter-io", "--tweets", "10", "--accounts", "10"}, "--out is required"},
		{"missing tweets", []string{"twitter-io", "--accounts", "10", "--out", dir}, "--tweets is required"},
		{"bad start", []string{"twitter-io", "--tweets", "10", "--accounts", "10", "--out", dir, "--start", "June"}, "--start"},
		{"groups do not fit", []string{"twitter-io", "--tweets", "1000", "--accounts", "20", "--out", dir},
			"accounts (20) must be at least"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := runGen(context.Background(), tc.args, io.Discard, io.Discard)
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("runGen(%q) = %v, want usage error containing %q", tc.args, err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}
