// Create the URLs this file names for the first time, their domains, and
// each URL's ON_DOMAIN link, in the batch's prepare transaction, before the
// batch's links (urls.cypher) find them by URL. Prepare transactions run one
// batch at a time and each URL comes here once per file, so checking for
// the link and creating it cannot race. Rows are unique per statement.
// It returns each node's element id, with which later statements find it
// (see write.go).
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MERGE (u:Url {url: r.url})
  ON CREATE SET u.loads = [$load]
FOREACH (_ IN CASE WHEN $load IN coalesce(u.loads, []) THEN [] ELSE [1] END | SET u.loads = [l IN coalesce(u.loads, []) WHERE l <> $load] + $load)
WITH u, r
CALL (u, r) {
  WITH u, r
  WHERE r.domain IS NOT NULL
  MERGE (d:Domain {name: r.domain})
    ON CREATE SET d.loads = [$load]
  FOREACH (_ IN CASE WHEN $load IN coalesce(d.loads, []) THEN [] ELSE [1] END | SET d.loads = [l IN coalesce(d.loads, []) WHERE l <> $load] + $load)
  WITH u, d
  OPTIONAL MATCH (u)-[o:ON_DOMAIN]->(d)
  FOREACH (_ IN CASE WHEN o IS NULL THEN [1] ELSE [] END | CREATE (u)-[:ON_DOMAIN {loads: [$load]}]->(d))
  FOREACH (_ IN CASE WHEN o IS NULL OR $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = [l IN coalesce(o.loads, []) WHERE l <> $load] + $load)
}
RETURN r.url AS key, elementId(u) AS id
