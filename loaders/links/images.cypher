// Link posts to the images they carry, keyed by perceptual hash so the same
// picture re-uploaded meets on one node.
UNWIND $rows AS r
MERGE (i:Image {hash: r.hash})
FOREACH (_ IN CASE WHEN $load IN coalesce(i.loads, []) THEN [] ELSE [1] END | SET i.loads = [l IN coalesce(i.loads, []) WHERE l <> $load] + $load);
UNWIND $rows AS r
MATCH (t:Post {uid: r.post}), (i:Image {hash: r.hash})
MERGE (t)-[e:HAS_IMAGE]->(i)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = [l IN coalesce(e.loads, []) WHERE l <> $load] + $load);
