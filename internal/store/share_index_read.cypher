// A signal's share rows from the dataset's share index, if the index is of
// the dataset's current data version (see share_index_version.cypher): one
// record per chunk of part $part of $parts (chunks by their seq; the caller
// reads the parts side by side), or a single record without lists when the
// part holds no chunk (rows is encoded by encodeChunk in share_index.go). No record at all means there is no current index,
// and the caller walks the graph instead. Each record names the build, so
// parts read across a rebuild are told apart.
OPTIONAL MATCH (l:Load {dataset: $dataset})
WITH l ORDER BY l.id
WITH collect(l.id + '@' + coalesce(toString(l.finishedAt), 'running')) AS version
MATCH (x:ShareIndex {dataset: $dataset, signal: $signal})
WHERE x.version = version AND x.layout = $layout
OPTIONAL MATCH (k:ShareChunk {build: x.build})
WHERE k.seq % $parts = $part
RETURN x.build AS build, k.rows AS rows
