// Link tweets to their hashtags, compared case-insensitively (#HK = #hk).
// The hashtag was created by a prepare transaction that committed before
// this statement runs (hashtag_nodes.cypher); creating a relationship to it
// takes no lock that another batch tagging the same campaign hashtag waits
// for. No other batch that creates links of the same tweets runs meanwhile
// (the writer's keys), so checking for the link and creating it cannot race.
// Rows are unique per statement; r.t is the tweet's element id
// (from tweets.cypher, committed by the batch's own transaction) and r.post
// its uid, checked so that an id can never point elsewhere.
UNWIND $rows AS r
MATCH (t:Post) WHERE elementId(t) = r.t AND t.uid = r.post
MATCH (h:Hashtag {tag: r.tag})
OPTIONAL MATCH (t)-[e:TAGS]->(h)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:TAGS {loads: [$load]}]->(h))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
