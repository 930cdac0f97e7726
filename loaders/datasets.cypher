// Every dataset with its loads, newest first.
MATCH (d:Dataset)
OPTIONAL MATCH (l:Load)-[:OF_DATASET]->(d)
WITH d, l ORDER BY l.startedAt
RETURN d.name AS name, d.kind AS kind, coalesce(d.synthetic, false) AS synthetic,
       collect(l {.id, .file, .entry, .sha256, .status, .rows, .accepted, .rejected,
                  startedAt: toString(l.startedAt), finishedAt: toString(l.finishedAt)}) AS loads
ORDER BY name
