// Link tweets to the URLs they share (url_domains.cypher links each URL to
// its domain). The tweet was locked by tweets.cypher in this transaction, so
// checking for the link and creating it cannot race, and a URL that many
// rows share is never locked but to record this load once. Rows are unique
// per statement (the writer dedupes them); r.t is the tweet's element id
// (from tweets.cypher). It returns the URLs' element ids, for
// url_domains.cypher.
UNWIND $rows AS r
MATCH (t:Post) WHERE elementId(t) = r.t
MERGE (u:Url {url: r.url})
  ON CREATE SET u.loads = [$load]
FOREACH (_ IN CASE WHEN $load IN coalesce(u.loads, []) THEN [] ELSE [1] END | SET u.loads = coalesce(u.loads, []) + $load)
WITH t, u, r
OPTIONAL MATCH (t)-[e:LINKS]->(u)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:LINKS {loads: [$load]}]->(u))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
WITH DISTINCT r, u
RETURN r.url AS key, elementId(u) AS id
