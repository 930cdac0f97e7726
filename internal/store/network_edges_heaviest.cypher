// A network's edges, read from the top of the amplified_total index: the
// heaviest AMPLIFIED aggregates of the whole graph, in the index's order,
// kept when both ends are in the network ($members: element ids), until
// $max are kept. Chosen (for all engagement kinds) when the network holds
// much of the graph, so that few edges are skipped before $max are found,
// instead of reading and sorting every edge of its accounts.
MATCH (a)-[x:AMPLIFIED]->(b)
WHERE x.total >= $minWeight AND $members[elementId(a)] AND $members[elementId(b)]
RETURN a.uid AS source, b.uid AS target, x.total AS weight,
       x.retweets AS retweets, x.replies AS replies, x.quotes AS quotes, x.mentions AS mentions,
       x.firstAtMs AS firstAtMs, x.lastAtMs AS lastAtMs
ORDER BY weight DESC, target, source
LIMIT $max
