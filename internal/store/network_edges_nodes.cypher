// A network's edges, read from its accounts: the AMPLIFIED aggregates sent
// by one account of the network ($nodes) to another ($members: element
// ids), of at least $minWeight engagements of the selected kinds, heaviest
// first, at most $max. Chosen when the network holds a small part of the
// graph.
UNWIND $nodes AS uid
MATCH (a:Account {uid: uid})-[x:AMPLIFIED]->(b)
WHERE $members[elementId(b)]
WITH a, b, x,
     CASE WHEN $allKinds THEN x.total ELSE
       CASE WHEN 'RETWEET' IN $kinds THEN x.retweets ELSE 0 END + CASE WHEN 'REPLY' IN $kinds THEN x.replies ELSE 0 END +
       CASE WHEN 'QUOTE' IN $kinds THEN x.quotes ELSE 0 END + CASE WHEN 'MENTION' IN $kinds THEN x.mentions ELSE 0 END
     END AS weight
WHERE weight >= $minWeight
WITH a.uid AS source, b.uid AS target, weight, x
ORDER BY weight DESC, target, source
LIMIT $max
// One row, the edges as network_edges_heaviest.cypher lists them.
RETURN collect([source, target, weight, x.retweets, x.replies, x.quotes, x.mentions, x.firstAtMs, x.lastAtMs]) AS edges
