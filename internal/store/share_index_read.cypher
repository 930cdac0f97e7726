// A signal's share rows from the dataset's share index, if the index is of
// the dataset's current data version (see share_index_version.cypher): one
// record per chunk, or a single record without lists when the index is
// current and holds no shares. No record at all means there is no current
// index, and the caller walks the graph instead.
OPTIONAL MATCH (l:Load {dataset: $dataset})
WITH l ORDER BY l.id
WITH collect(l.id + '@' + coalesce(toString(l.finishedAt), 'running')) AS version
MATCH (x:ShareIndex {dataset: $dataset, signal: $signal})
WHERE x.version = version
OPTIONAL MATCH (k:ShareChunk {build: x.build})
RETURN k.accounts AS accounts, k.sizes AS sizes, k.objects AS objects, k.contents AS contents, k.times AS times
