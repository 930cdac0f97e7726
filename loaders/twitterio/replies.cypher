// Link tweets to the replied-to tweet. The target was created by targets.cypher in
// a prepare transaction, or by tweets.cypher in the own transaction of the
// batch whose row it is; both committed before this statement runs (the
// stages commit in batch order, see loaders.Batch). Creating a relationship
// to it takes no lock that another batch linking to the same (often seed)
// tweet waits for. No other batch that creates links of the same tweets runs
// meanwhile (the writer's keys), so checking for the link and creating it
// cannot race. Rows are unique per statement.
// Both ends are found by element id (r.t, r.o), returned by the statements
// that wrote them (see write.go), and checked against their label and key
// (r.post, r.to) so that an id can never point elsewhere; the MATCH names no
// label, or Neo4j would seek the key's index instead. It returns how many
// rows found both ends, and the loader fails the batch unless all did.
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MATCH (t) WHERE elementId(t) = r.t AND 'Post' IN labels(t) AND t.uid = r.post
MATCH (o) WHERE elementId(o) = r.o AND 'Post' IN labels(o) AND o.uid = r.to
OPTIONAL MATCH (t)-[e:REPLY_TO]->(o)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:REPLY_TO {loads: [$load]}]->(o))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = [l IN coalesce(e.loads, []) WHERE l <> $load] + $load)
RETURN count(*) AS matched
