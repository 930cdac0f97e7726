// Close the load records with their counts, as loaders/load_finish.cypher does.
UNWIND $loads AS load
MATCH (l:Load {id: load.id})
SET l.status = 'complete', l.finishedAt = datetime(), l.rows = load.rows,
    l.accepted = load.rows, l.rejected = 0, l.batches = load.batches
// …and record that the aggregates were derived from them, as
// loaders/twitterio/derive_done.cypher does.
WITH count(*) AS closed
MATCH (d:Dataset {name: $dataset})
OPTIONAL MATCH (l:Load {dataset: $dataset})
WITH d, l ORDER BY l.id
WITH d, collect(l.id + '@' + coalesce(toString(l.finishedAt), 'running')) AS version
SET d.derivedFor = version
