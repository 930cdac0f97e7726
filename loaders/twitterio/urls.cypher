// Link tweets to the URLs they share. The URL was created, with its domain,
// by a prepare transaction that committed before this statement runs
// (url_nodes.cypher); creating a relationship to it takes no lock that
// another batch sharing the same URL waits for. No other batch that creates
// links of the same tweets runs meanwhile (the writer's keys), so checking
// for the link and creating it cannot race. Rows are unique per statement.
// Both ends are found by element id (r.t, r.o), returned by the statements
// that wrote them (see write.go), and checked against their label and key
// (r.post, r.to) so that an id can never point elsewhere; the MATCH names no
// label, or Neo4j would seek the key's index instead. It returns how many
// rows found both ends, and the loader fails the batch unless all did.
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MATCH (t) WHERE elementId(t) = r.t AND 'Post' IN labels(t) AND t.uid = r.post
MATCH (u) WHERE elementId(u) = r.o AND 'Url' IN labels(u) AND u.url = r.to
OPTIONAL MATCH (t)-[e:LINKS]->(u)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:LINKS {loads: [$load]}]->(u))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = [l IN coalesce(e.loads, []) WHERE l <> $load] + $load)
RETURN count(*) AS matched
