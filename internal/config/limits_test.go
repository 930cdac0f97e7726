package config

import (
	"flag"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLimitFlags(t *testing.T) {
	t.Setenv("IOGRAPH_STORE_CONCURRENCY", "3")
	t.Setenv("IOGRAPH_STORE_QUEUE_WAIT", "250ms")
	var l Limits
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	RegisterLimitFlags(fs, &l)
	if err := fs.Parse([]string{"-store-concurrency", "5", "-max-body-bytes", "2048"}); err != nil {
		t.Fatal(err)
	}
	want := DefaultLimits()
	want.StoreConcurrency, want.StoreQueueWait, want.MaxBodyBytes = 5, 250*time.Millisecond, 2048
	if l != want || l.Validate() != nil {
		t.Fatalf("limits %+v (%v), want %+v", l, l.Validate(), want)
	}
	for _, name := range limitEnvNames {
		if !slices.Contains(EnvNames, name) {
			t.Errorf("EnvNames lacks %s", name)
		}
	}

	t.Setenv("IOGRAPH_REQUEST_CONCURRENCY", "many")
	var bad Limits
	RegisterLimitFlags(flag.NewFlagSet("y", flag.ContinueOnError), &bad)
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "IOGRAPH_REQUEST_CONCURRENCY") {
		t.Fatalf("a malformed env var: %v", err)
	}
	if err := (Limits{MaxBodyBytes: 1, StoreConcurrency: 0, RequestConcurrency: 1}).Validate(); err == nil {
		t.Fatal("a store concurrency of 0 passed")
	}
}
