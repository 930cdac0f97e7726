// The same choice as network_grow_frontier.cypher, read from the other
// side: accounts outside the network ($outside: element ids, a worker's
// share of network_outside.cypher's list), and their AMPLIFIED edges into
// the frontier ($frontierIds: element ids). Chosen when the network already
// holds most of the graph, so the accounts outside it have far fewer edges
// than the frontier (two hops from a seed that most of a release amplifies).
UNWIND $outside AS eid
MATCH (b:Account)
WHERE elementId(b) = eid
MATCH (b)-[x:AMPLIFIED]-(f)
WHERE $frontierIds[elementId(f)]
WITH b,
     CASE WHEN $allKinds THEN x.total ELSE
       CASE WHEN 'RETWEET' IN $kinds THEN x.retweets ELSE 0 END + CASE WHEN 'REPLY' IN $kinds THEN x.replies ELSE 0 END +
       CASE WHEN 'QUOTE' IN $kinds THEN x.quotes ELSE 0 END + CASE WHEN 'MENTION' IN $kinds THEN x.mentions ELSE 0 END
     END AS weight
WHERE weight >= $minWeight
WITH b, sum(weight) AS tie
WITH b, b.uid AS node, tie
ORDER BY tie DESC, node
LIMIT $room
// One row, the accounts in order, as network_grow_frontier.cypher gives
// them.
RETURN collect([node, elementId(b), COUNT { (b)-[:AMPLIFIED]-() }, tie]) AS accounts
