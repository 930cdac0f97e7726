// Link tweets to the replied-to tweet. The target was created by targets.cypher in
// a prepare transaction, or by tweets.cypher in the own transaction of the
// batch whose row it is; both committed before this statement runs (the
// stages commit in batch order, see loaders.Batch). Creating a relationship
// to it takes no lock that another batch linking to the same (often seed)
// tweet waits for. No other batch that creates links of the same tweets runs
// meanwhile (the writer's keys), so checking for the link and creating it
// cannot race. Rows are unique per statement; r.t is the tweet's element id,
// returned by tweets.cypher when the batch's own transaction committed, and
// r.post its uid, checked so that an id can never point elsewhere.
UNWIND $rows AS r
MATCH (t:Post) WHERE elementId(t) = r.t AND t.uid = r.post
MATCH (o:Post {uid: r.to})
OPTIONAL MATCH (t)-[e:REPLY_TO]->(o)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:REPLY_TO {loads: [$load]}]->(o))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
