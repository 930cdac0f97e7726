// One chunk node of a share index build: the rows of share_index_rows.cypher
// encoded into one byte array (see encodeChunk in share_index.go), which
// Neo4j stores, reads and sends as one value instead of several per share.
CREATE (k:ShareChunk {dataset: $dataset, signal: $signal, build: $build, seq: $seq, shares: $shares, rows: $rows})
