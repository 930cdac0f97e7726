// Link tweets to the quoted tweet. The target was created by targets.cypher in a
// prepare transaction, or by tweets.cypher in this transaction or in the
// main transaction of the batch whose row it is, which committed before
// this one started (the batch needs the tweet); creating a relationship to it takes
// no lock that another batch linking to the same (often seed) tweet waits
// for. No other batch that creates links of the same tweets runs meanwhile
// (the writer's keys), so checking for the link and creating it cannot race.
// Rows are unique per statement; r.t is the tweet's element id (from
// tweets.cypher).
UNWIND $rows AS r
MATCH (t:Post) WHERE elementId(t) = r.t
MATCH (o:Post {uid: r.to})
OPTIONAL MATCH (t)-[e:QUOTES]->(o)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:QUOTES {loads: [$load]}]->(o))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
