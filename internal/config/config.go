// Package config reads iograph's settings from flags and the environment, so
// that every command and every replica of the server is configured the same
// way and keeps no state of its own.
package config

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"
)

// DevPassword is the documented password of the local development Neo4j that
// scripts/neo4j and docker-compose.yml start. Production deployments set
// NEO4J_PASSWORD.
const DevPassword = "iograph-dev-password"

// Neo4j says how to reach the store. URI accepts every scheme the Go driver
// does (bolt://, neo4j://, neo4j+s://, …) so a cluster or Aura works unchanged.
type Neo4j struct {
	URI      string
	User     string
	Password string
	Database string
	// ConnectTimeout bounds the whole connect-with-retries phase at start.
	ConnectTimeout time.Duration
	// QueryTimeout bounds every read transaction the API runs.
	QueryTimeout time.Duration
	// FailFast makes a transaction give up within about a second while
	// Neo4j is unreachable instead of retrying for 15 s: what a server
	// answering clients wants (they hear UNAVAILABLE and retry), not a
	// load that should ride out a restart. `iograph serve` sets it.
	FailFast bool

	envErr error // a malformed duration in the environment, reported by Validate
}

// RegisterNeo4jFlags binds the Neo4j flags to fs with defaults taken from the
// environment, so a flag always wins over an env var.
func RegisterNeo4jFlags(fs *flag.FlagSet, c *Neo4j) {
	fs.StringVar(&c.URI, "neo4j-uri", env("NEO4J_URI", "neo4j://127.0.0.1:7687"), "Neo4j URI (env NEO4J_URI)")
	fs.StringVar(&c.User, "neo4j-user", env("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&c.Password, "neo4j-password", env("NEO4J_PASSWORD", DevPassword), "Neo4j password (env NEO4J_PASSWORD)")
	fs.StringVar(&c.Database, "neo4j-database", env("NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE)")
	c.ConnectTimeout, c.envErr = envDuration("IOGRAPH_CONNECT_TIMEOUT", 30*time.Second, c.envErr)
	c.QueryTimeout, c.envErr = envDuration("IOGRAPH_QUERY_TIMEOUT", 30*time.Second, c.envErr)
	fs.DurationVar(&c.ConnectTimeout, "connect-timeout", c.ConnectTimeout, "how long to retry reaching Neo4j at start (env IOGRAPH_CONNECT_TIMEOUT)")
	fs.DurationVar(&c.QueryTimeout, "query-timeout", c.QueryTimeout, "timeout of each read transaction (env IOGRAPH_QUERY_TIMEOUT)")
}

// Redacted is the URI safe for logs and error messages: any user info is
// dropped, so a password embedded in the URI is never printed.
func (c Neo4j) Redacted() string { return RedactURI(c.URI) }

// RedactURI removes user info from a URI.
func RedactURI(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<unparseable URI>"
	}
	u.User = nil
	return u.String()
}

// Validate rejects settings that can only fail later with a vaguer error.
func (c Neo4j) Validate() error {
	if c.envErr != nil {
		return c.envErr
	}
	u, err := url.Parse(c.URI)
	if err != nil || u.Host == "" {
		return fmt.Errorf("NEO4J_URI %q is not a URI like neo4j://host:7687", RedactURI(c.URI))
	}
	switch u.Scheme {
	case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
	default:
		return fmt.Errorf("NEO4J_URI scheme %q is not one of bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc", u.Scheme)
	}
	if c.ConnectTimeout <= 0 || c.QueryTimeout <= 0 {
		return fmt.Errorf("connect and query timeouts must be positive")
	}
	return nil
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// Env returns the environment variable key, or def when it is unset or empty.
func Env(key, def string) string { return env(key, def) }

// envDuration keeps the first malformed value's error rather than silently
// falling back to the default, which would hide a typo in a deployment.
func envDuration(key string, def time.Duration, prev error) (time.Duration, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, prev
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		if prev == nil {
			prev = fmt.Errorf("%s=%q is not a duration like 30s or 2m", key, v)
		}
		return def, prev
	}
	return d, prev
}

// EnvNames lists every environment variable iograph reads, so deployment
// files (docker-compose.yml) can be checked against the code.
var EnvNames = []string{
	"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE",
	"IOGRAPH_ADDR", "IOGRAPH_LOG_FORMAT", "IOGRAPH_CONNECT_TIMEOUT", "IOGRAPH_QUERY_TIMEOUT",
	"IOGRAPH_ALLOWED_HOSTS", "IOGRAPH_CORS_ORIGINS", "IOGRAPH_LOGIN_USER",
}
