// A network's edges, read from the top of the amplified_total index: the
// heaviest AMPLIFIED aggregates of the whole graph, in the index's order,
// kept when both ends are in the network ($members: element ids), until
// $max are kept. Chosen (for all engagement kinds) when the network holds
// much of the graph, so that few edges are skipped before $max are found,
// instead of reading and sorting every edge of its accounts.
//
// One row, the edges in one list (in the order of the rows before collect):
// Bolt costs about 10 µs a record, 200 ms for 20,000 edges, and 5 ms for a
// list of them. Each edge is [source, target, weight, retweets, replies,
// quotes, mentions, firstAtMs, lastAtMs] (edgeRow).
MATCH (a)-[x:AMPLIFIED]->(b)
WHERE x.total >= $minWeight AND $members[elementId(a)] AND $members[elementId(b)]
WITH a.uid AS source, b.uid AS target, x.total AS weight, x
ORDER BY weight DESC, target, source
LIMIT $max
RETURN collect([source, target, weight, x.retweets, x.replies, x.quotes, x.mentions, x.firstAtMs, x.lastAtMs]) AS edges
