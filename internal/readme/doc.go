// Package readme holds the tests that keep README.md true: every shell and
// GraphQL block in it runs as written against the demo data that `make run`
// loads, and every path it names exists. It has no code of its own.
//
// The README marks what the tests should not, or cannot, run with an HTML
// comment on the line before a block's opening fence (GitHub does not show
// it, a reader of the source does):
//
//	<!-- readme-test: skip (why) -->   the block is not run; the test counts
//	                                   and lists every skipped block
//	<!-- readme-test: output -->       the block is what the runnable block
//	                                   before it prints: compared exactly
//	                                   (a shell block's standard output) or
//	                                   as JSON (a GraphQL answer)
//
// Blocks are run in the order of the README, each in a shell of its own
// (`bash -e -o pipefail`), from a folder that holds a link to every entry of
// the project (so `bin/iograph` and `demo/…` resolve, and what a block
// writes stays out of the project), with the test's Neo4j in NEO4J_URI and
// friends. The server is `make run`'s, on a free port: the one substitution
// the test makes is that port for the README's localhost:8080.
package readme
