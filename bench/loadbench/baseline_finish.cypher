// Close the load records with their counts, as loaders/load_finish.cypher does.
UNWIND $loads AS load
MATCH (l:Load {id: load.id})
SET l.status = 'complete', l.finishedAt = datetime(), l.rows = load.rows,
    l.accepted = load.rows, l.rejected = 0, l.batches = load.batches
