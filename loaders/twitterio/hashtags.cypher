// Link tweets to their hashtags, compared case-insensitively (#HK = #hk).
// The tweet was locked by tweets.cypher in this transaction, so checking for
// the link and creating it cannot race, and the hashtag (a campaign tag on
// every other row) is never locked but to record this load once. Rows are
// unique per statement (the writer dedupes them); r.t is the tweet's element
// id (from tweets.cypher).
UNWIND $rows AS r
MATCH (t:Post) WHERE elementId(t) = r.t
MERGE (h:Hashtag {tag: r.tag})
  ON CREATE SET h.loads = [$load]
FOREACH (_ IN CASE WHEN $load IN coalesce(h.loads, []) THEN [] ELSE [1] END | SET h.loads = coalesce(h.loads, []) + $load)
WITH t, h
OPTIONAL MATCH (t)-[e:TAGS]->(h)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:TAGS {loads: [$load]}]->(h))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
