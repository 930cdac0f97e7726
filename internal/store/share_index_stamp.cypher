// Make a dataset's imported share indexes current: the bulk import writes
// them without a version (see StampImportedShareIndexes), and this sets
// the data version share_index_version.cypher computes, from the Load
// nodes the import wrote. An index of another layout is left stale.
OPTIONAL MATCH (l:Load {dataset: $dataset})
WITH l ORDER BY l.id
WITH collect(l.id + '@' + coalesce(toString(l.finishedAt), 'running')) AS version
OPTIONAL MATCH (x:ShareIndex {dataset: $dataset})
WHERE x.version IS NULL AND x.layout = $layout
SET x.version = version, x.builtAt = datetime()
RETURN count(x) AS stamped
