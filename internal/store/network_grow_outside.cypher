// The same choice as network_grow_frontier.cypher, read from the other
// side: every account outside the network, and its AMPLIFIED edges into the
// frontier ($frontierIds: element ids). Chosen when the network already
// holds most of the graph, so the accounts outside it have far fewer edges
// than the frontier (two hops from a seed that most of a release amplifies).
MATCH (b:Account)
WHERE $known[elementId(b)] IS NULL
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
// One row, the accounts in order, as network_nodes.cypher gives them (so
// that no second query reads them; a record each would cost more than the
// query: see network_edges_heaviest.cypher).
RETURN collect({
  props: b {.uid, .platform, .kind, .handle, .name, .hashed, .followers, .createdAt},
  eid: elementId(b), degree: COUNT { (b)-[:AMPLIFIED]-() }
}) AS accounts
