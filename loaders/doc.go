// Package loaders streams published release files into Neo4j.
//
// A load has two halves that never mix: a parser per format turns files into
// typed rows (rejecting bad rows with file, line, column and reason), and a
// writer sends fixed-size batches of those rows to Neo4j as parameterised
// UNWIND statements from a bounded pool of workers. The shared pieces live
// here: opening .csv/.csv.gz/.zip files, a line-aware CSV reader with header
// checks, and the rejects report.
package loaders
