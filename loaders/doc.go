// Package loaders streams published release files into Neo4j.
//
// A load has two halves that never mix: a parser per format turns files into
// typed rows (rejecting bad rows with file, line, column and reason), and a
// writer sends fixed-size batches of those rows to Neo4j as parameterised
// UNWIND statements from a bounded pool of workers. The shared pieces live
// here: opening .csv/.csv.gz/.zip files, a line-aware CSV reader with header
// checks, and the rejects report.
//
// Provenance: every node and relationship lists in loads the ids of the
// loads that asserted it, as a set. A statement checks for its load and
// appends it only when absent, which keeps shared nodes unlocked on the
// common path; but the check reads without a lock, so two transactions of
// one load (two batches naming one domain, a batch replayed on resume next
// to another) may both find the load absent, and the second appends after
// the first commits. The append therefore removes the load first
// (`[l IN coalesce(n.loads, []) WHERE l <> $load] + $load`): it reads
// loads after taking the node's lock, so the load is listed once.
package loaders
