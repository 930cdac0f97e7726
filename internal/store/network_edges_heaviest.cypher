// A network's edges, read from the top of the amplified_total index: the
// heaviest AMPLIFIED aggregates of the whole graph, in the index's order,
// kept when both ends are in the network, until $max are kept. Chosen (for
// all engagement kinds) when the network holds much of the graph, so that
// few edges are skipped before $max are found, instead of reading and
// sorting every edge of its accounts.
//
// $members maps the element id of each account of the network to its
// place in the network's nodes: membership needs no read of the store, and
// the ends travel as small integers. Ties in weight are ordered by the
// target's place, then the source's (the seeds and the strongest ties
// first), the order network_edges_nodes.cypher gives.
//
// One row, the edges in one list: Bolt costs about 10 µs a record, 200 ms
// for 20,000 edges, and 5 ms for a list of them. Each edge is [source,
// target, weight], then [firstAtMs, lastAtMs] unless $detail is 2 (bare),
// then [retweets, replies, quotes, mentions] when it is 0 (full): a
// property not shown is not read (edgeRow, store.EdgeDetail).
MATCH (a)-[x:AMPLIFIED]->(b)
WHERE x.total >= $minWeight
WITH x, $members[elementId(a)] AS source, $members[elementId(b)] AS target
WHERE source IS NOT NULL AND target IS NOT NULL
WITH x, source, target
ORDER BY x.total DESC, target, source
LIMIT $max
RETURN collect(CASE $detail
  WHEN 0 THEN [source, target, x.total, x.firstAtMs, x.lastAtMs, x.retweets, x.replies, x.quotes, x.mentions]
  WHEN 1 THEN [source, target, x.total, x.firstAtMs, x.lastAtMs]
  ELSE [source, target, x.total] END) AS edges
