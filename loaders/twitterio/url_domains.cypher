// Link each URL of the batch to its domain. The URL is locked (a no-op SET
// of its label) only when the link is missing, and the check is repeated
// under that lock, so two writers never create the same link; the domain,
// which thousands of URLs share, is never locked but to record this load
// once. Rows are unique per statement (the writer dedupes them); r.u is the
// URL's element id (from urls.cypher).
UNWIND $rows AS r
MATCH (u:Url) WHERE elementId(u) = r.u
MERGE (d:Domain {name: r.domain})
  ON CREATE SET d.loads = [$load]
FOREACH (_ IN CASE WHEN $load IN coalesce(d.loads, []) THEN [] ELSE [1] END | SET d.loads = coalesce(d.loads, []) + $load)
WITH u, d
OPTIONAL MATCH (u)-[o:ON_DOMAIN]->(d)
FOREACH (_ IN CASE WHEN o IS NULL OR $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = coalesce(o.loads, []) + $load)
WITH u, d, o
WHERE o IS NULL
SET u:Url
WITH u, d
WHERE NOT EXISTS { (u)-[:ON_DOMAIN]->(d) }
CREATE (u)-[:ON_DOMAIN {loads: [$load]}]->(d)
