// Link tweets to the quoted tweet. The target may lie outside the release:
// it is created from its id alone, its time taken from the snowflake id and
// its author (when the row names one) linked, so latency is still known.
UNWIND $rows AS r
MATCH (t:Post {uid: r.from})
MERGE (o:Post {uid: r.to})
  ON CREATE SET o:Tweet, o.id = r.toId, o.timeMs = r.toTimeMs
FOREACH (_ IN CASE WHEN $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = coalesce(o.loads, []) + $load)
MERGE (t)-[e:QUOTES]->(o)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
WITH o, r
WHERE r.toAuthor IS NOT NULL
MATCH (s:Account {uid: r.toAuthor})
MERGE (s)-[p:POSTED]->(o)
FOREACH (_ IN CASE WHEN $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = coalesce(p.loads, []) + $load)
