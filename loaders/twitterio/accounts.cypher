// Upsert release accounts (from the users file or a tweet's author columns)
// and their membership of the release. $load is recorded on everything this
// load asserts.
UNWIND $rows AS r
MERGE (a:Account {uid: r.uid})
SET a += r.props
FOREACH (_ IN CASE WHEN $load IN coalesce(a.loads, []) THEN [] ELSE [1] END | SET a.loads = coalesce(a.loads, []) + $load)
WITH a
MATCH (d:Dataset {name: $dataset})
MERGE (a)-[m:IN_DATASET]->(d)
FOREACH (_ IN CASE WHEN $load IN coalesce(m.loads, []) THEN [] ELSE [1] END | SET m.loads = coalesce(m.loads, []) + $load)
