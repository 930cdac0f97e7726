// Link tweets to the URLs they share. The URL was created, with its domain,
// by a prepare transaction that committed before this statement runs
// (url_nodes.cypher); creating a relationship to it takes no lock that
// another batch sharing the same URL waits for. No other batch that creates
// links of the same tweets runs meanwhile (the writer's keys), so checking
// for the link and creating it cannot race. Rows are unique per statement;
// r.t is the tweet's element id (from tweets.cypher, committed by the
// batch's own transaction) and r.post its uid, checked so that an id can
// never point elsewhere.
UNWIND $rows AS r
MATCH (t:Post) WHERE elementId(t) = r.t AND t.uid = r.post
MATCH (u:Url {url: r.url})
OPTIONAL MATCH (t)-[e:LINKS]->(u)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:LINKS {loads: [$load]}]->(u))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
