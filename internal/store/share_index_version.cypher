// The data version a dataset's share index is checked against: one entry
// per load of the dataset, its id and when it finished ('running' while it
// has not). Any load added, resumed or re-forced changes it, so an index
// built before is stale. Also returns the load ids (which posts belong to
// the dataset), whether a load is still running, and which signals already
// have an index of this version (and of the chunk layout this code reads).
OPTIONAL MATCH (l:Load {dataset: $dataset})
WITH l ORDER BY l.id
WITH collect(l.id + '@' + coalesce(toString(l.finishedAt), 'running')) AS version,
     collect(l.id) AS loads,
     any(x IN collect(l.status) WHERE x <> 'complete') AS running
OPTIONAL MATCH (x:ShareIndex {dataset: $dataset})
WHERE x.version = version AND x.layout = $layout
RETURN version, loads, running, collect(x.signal) AS fresh
