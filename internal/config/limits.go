package config

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"
)

// Limits bound what one client can make the server do, so that no request
// can exhaust it: the size of a request, and how much Neo4j work runs at
// once per request and in the whole server.
type Limits struct {
	// MaxBodyBytes bounds a POST body; larger bodies are refused with 413
	// before they are read.
	MaxBodyBytes int64
	// StoreConcurrency bounds the store calls (Neo4j transactions) running at
	// once in the whole server.
	StoreConcurrency int
	// StoreQueue is how many store calls may wait for one of those slots;
	// beyond it a call is refused at once as UNAVAILABLE.
	StoreQueue int
	// StoreQueueWait is how long a store call waits in that queue before it
	// is refused as UNAVAILABLE.
	StoreQueueWait time.Duration
	// RequestConcurrency bounds the store calls one request runs at once
	// (gqlgen resolves fields concurrently); its other calls wait their turn.
	RequestConcurrency int

	envErr error
}

// DefaultLimits are the limits of `iograph serve` without flags: a body far
// above any hand-written query (GraphiQL's introspection query is 2 KB) and
// a Neo4j concurrency of a few transactions per core of a small server.
//
// The queue is sized for a busy team, not for a burst: a request holds at
// most RequestConcurrency places in it, so 256 places are 64 requests at full
// width, and a place is kept up to 10 s. With a 1 s wait, 32 well-behaved
// clients on a 2-core server were refused hundreds of times a minute while
// the server was merely slow (bench/README, loadtool); being refused is
// for a server that cannot catch up, which a full queue says at once.
func DefaultLimits() Limits {
	return Limits{MaxBodyBytes: 1 << 20, StoreConcurrency: 16, StoreQueue: 256, StoreQueueWait: 10 * time.Second, RequestConcurrency: 4}
}

// limitEnvNames are the environment variables RegisterLimitFlags reads.
var limitEnvNames = []string{"IOGRAPH_MAX_BODY_BYTES", "IOGRAPH_STORE_CONCURRENCY", "IOGRAPH_STORE_QUEUE",
	"IOGRAPH_STORE_QUEUE_WAIT", "IOGRAPH_REQUEST_CONCURRENCY"}

func init() { EnvNames = append(EnvNames, limitEnvNames...) }

// RegisterLimitFlags binds the limit flags to fs with defaults taken from the
// environment (then DefaultLimits), so a flag always wins over an env var.
func RegisterLimitFlags(fs *flag.FlagSet, l *Limits) {
	d := DefaultLimits()
	var body, conc, queue, perReq int
	body, l.envErr = envInt("IOGRAPH_MAX_BODY_BYTES", int(d.MaxBodyBytes), l.envErr)
	conc, l.envErr = envInt("IOGRAPH_STORE_CONCURRENCY", d.StoreConcurrency, l.envErr)
	queue, l.envErr = envInt("IOGRAPH_STORE_QUEUE", d.StoreQueue, l.envErr)
	l.StoreQueueWait, l.envErr = envDuration("IOGRAPH_STORE_QUEUE_WAIT", d.StoreQueueWait, l.envErr)
	perReq, l.envErr = envInt("IOGRAPH_REQUEST_CONCURRENCY", d.RequestConcurrency, l.envErr)
	fs.Int64Var(&l.MaxBodyBytes, "max-body-bytes", int64(body), "largest POST body accepted, in bytes (env IOGRAPH_MAX_BODY_BYTES)")
	fs.IntVar(&l.StoreConcurrency, "store-concurrency", conc, "Neo4j transactions running at once in the server (env IOGRAPH_STORE_CONCURRENCY)")
	fs.IntVar(&l.StoreQueue, "store-queue", queue, "Neo4j transactions that may wait for a slot; more are refused as UNAVAILABLE (env IOGRAPH_STORE_QUEUE)")
	fs.DurationVar(&l.StoreQueueWait, "store-queue-wait", l.StoreQueueWait, "longest wait for a slot before UNAVAILABLE (env IOGRAPH_STORE_QUEUE_WAIT)")
	fs.IntVar(&l.RequestConcurrency, "request-concurrency", perReq, "Neo4j transactions one request runs at once (env IOGRAPH_REQUEST_CONCURRENCY)")
}

// Validate rejects limits that would refuse every request or none.
func (l Limits) Validate() error {
	if l.envErr != nil {
		return l.envErr
	}
	if l.MaxBodyBytes < 1 || l.StoreConcurrency < 1 || l.StoreQueue < 0 || l.StoreQueueWait < 0 || l.RequestConcurrency < 1 {
		return fmt.Errorf("limits must be positive: max body %d bytes, store concurrency %d, store queue %d, queue wait %s, request concurrency %d",
			l.MaxBodyBytes, l.StoreConcurrency, l.StoreQueue, l.StoreQueueWait, l.RequestConcurrency)
	}
	return nil
}

// envInt is envDuration for integers.
func envInt(key string, def int, prev error) (int, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, prev
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		if prev == nil {
			prev = fmt.Errorf("%s=%q is not a whole number", key, v)
		}
		return def, prev
	}
	return n, prev
}
