// Link tweets to the replied-to tweet. The target may lie outside the release: it
// is created from its id alone, its time taken from the snowflake id (its
// author, when the row names one, is linked by target_authors.cypher), so
// latency is still known. The tweet was locked by tweets.cypher in this
// transaction, so checking for the link and creating it cannot race, and the
// target (often a seed tweet many rows share) is never locked. Rows are
// unique per statement (the writer dedupes them); r.t is the tweet's element
// id (from tweets.cypher). It returns the targets' element ids, for
// target_authors.cypher.
UNWIND $rows AS r
MATCH (t:Post) WHERE elementId(t) = r.t
MERGE (o:Post {uid: r.to})
  ON CREATE SET o:Tweet, o.id = r.toId, o.timeMs = r.toTimeMs, o.loads = [$load]
FOREACH (_ IN CASE WHEN $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = coalesce(o.loads, []) + $load)
WITH t, o, r
OPTIONAL MATCH (t)-[e:REPLY_TO]->(o)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:REPLY_TO {loads: [$load]}]->(o))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
WITH DISTINCT r, o
RETURN r.to AS key, elementId(o) AS id
