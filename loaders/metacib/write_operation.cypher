// The operation a disclosure describes, with what the disclosure says about
// it that is not an asset: asset counts, audience and ad spend, non-asset
// indicators and tactics (as parallel lists: Neo4j properties hold no maps).
MERGE (o:Operation {uid: $op.uid})
SET o += $op
FOREACH (_ IN CASE WHEN $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = [l IN coalesce(o.loads, []) WHERE l <> $load] + $load)
WITH o
MATCH (d:Dataset {name: $dataset})
MERGE (o)-[r:IN_DATASET]->(d)
FOREACH (_ IN CASE WHEN $load IN coalesce(r.loads, []) THEN [] ELSE [1] END | SET r.loads = [l IN coalesce(r.loads, []) WHERE l <> $load] + $load)
