// A network's edges, read from its accounts: the AMPLIFIED aggregates sent
// by one account of the network ($nodes) to another, of at least
// $minWeight engagements of the selected kinds, heaviest first, at most
// $max. Chosen when the network holds a small part of the graph. $members,
// the order and the entries are those of network_edges_heaviest.cypher.
UNWIND $nodes AS uid
MATCH (a:Account {uid: uid})-[x:AMPLIFIED]->(b)
WITH a, x, $members[elementId(b)] AS target
WHERE target IS NOT NULL
WITH x, $members[elementId(a)] AS source, target,
     CASE WHEN $allKinds THEN x.total ELSE
       CASE WHEN 'RETWEET' IN $kinds THEN x.retweets ELSE 0 END + CASE WHEN 'REPLY' IN $kinds THEN x.replies ELSE 0 END +
       CASE WHEN 'QUOTE' IN $kinds THEN x.quotes ELSE 0 END + CASE WHEN 'MENTION' IN $kinds THEN x.mentions ELSE 0 END
     END AS weight
WHERE weight >= $minWeight
WITH x, source, target, weight
ORDER BY weight DESC, target, source
LIMIT $max
RETURN collect(CASE $detail
  WHEN 0 THEN [source, target, weight, x.firstAtMs, x.lastAtMs, x.retweets, x.replies, x.quotes, x.mentions]
  WHEN 1 THEN [source, target, weight, x.firstAtMs, x.lastAtMs]
  ELSE [source, target, weight] END) AS edges
