// Record that accounts belong to a dataset.
MATCH (d:Dataset {name: $dataset})
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
MERGE (a)-[m:IN_DATASET]->(d)
FOREACH (_ IN CASE WHEN $load IN coalesce(m.loads, []) THEN [] ELSE [1] END | SET m.loads = [l IN coalesce(m.loads, []) WHERE l <> $load] + $load)
