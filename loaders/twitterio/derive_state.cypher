// Whether a release's aggregates are derived from its current loads: the
// data version (one entry per load, its id and when it finished) against the
// version the last complete derivation recorded. A load killed while
// deriving leaves them apart, so running it again derives again even when
// every file is skipped. loads are the release's Twitter IO loads, the
// provenance such a derivation records.
MATCH (d:Dataset {name: $dataset})
OPTIONAL MATCH (l:Load {dataset: $dataset})
WITH d, l ORDER BY l.id
WITH d, collect(l.id + '@' + coalesce(toString(l.finishedAt), 'running')) AS version,
     collect(CASE WHEN l.kind = $kind THEN l.id END) AS loads
RETURN version, loads, coalesce(d.derivedFor = version, false) AS fresh
