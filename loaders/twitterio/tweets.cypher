// Upsert tweets and who posted them.
UNWIND $rows AS r
MERGE (t:Post {uid: r.uid})
SET t:Tweet, t += r.props
FOREACH (_ IN CASE WHEN $load IN coalesce(t.loads, []) THEN [] ELSE [1] END | SET t.loads = coalesce(t.loads, []) + $load)
WITH t, r
MATCH (a:Account {uid: r.author})
MERGE (a)-[p:POSTED]->(t)
FOREACH (_ IN CASE WHEN $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = coalesce(p.loads, []) + $load)
