// One hop of the amplification network within a time window, recomputed
// from tweet-level engagements of the frontier's posts and by the frontier:
// O(engagements of the frontier).
UNWIND $frontier AS uid
MATCH (s:Account {uid: uid})
CALL (s) {
  MATCH (s)-[:POSTED]->(:Post)<-[e:RETWEET_OF|REPLY_TO|QUOTES]-(t:Post)<-[:POSTED]-(b:Account)
  WHERE b <> s AND t.timeMs >= $sinceMs AND t.timeMs < $untilMs
  RETURN b, b.uid AS source, s.uid AS target, type(e) AS kind, t.timeMs AS at
  UNION ALL
  MATCH (s)<-[:MENTIONS]-(t:Post)<-[:POSTED]-(b:Account)
  WHERE b <> s AND t.timeMs >= $sinceMs AND t.timeMs < $untilMs
  RETURN b, b.uid AS source, s.uid AS target, 'MENTIONS' AS kind, t.timeMs AS at
  UNION ALL
  MATCH (s)-[:POSTED]->(t:Post)-[e:RETWEET_OF|REPLY_TO|QUOTES]->(:Post)<-[:POSTED]-(b:Account)
  WHERE b <> s AND t.timeMs >= $sinceMs AND t.timeMs < $untilMs
  RETURN b, s.uid AS source, b.uid AS target, type(e) AS kind, t.timeMs AS at
  UNION ALL
  MATCH (s)-[:POSTED]->(t:Post)-[:MENTIONS]->(b:Account)
  WHERE b <> s AND t.timeMs >= $sinceMs AND t.timeMs < $untilMs
  RETURN b, s.uid AS source, b.uid AS target, 'MENTIONS' AS kind, t.timeMs AS at
}
WITH b, source, target,
     sum(CASE kind WHEN 'RETWEET_OF' THEN 1 ELSE 0 END) AS retweets,
     sum(CASE kind WHEN 'REPLY_TO' THEN 1 ELSE 0 END) AS replies,
     sum(CASE kind WHEN 'QUOTES' THEN 1 ELSE 0 END) AS quotes,
     sum(CASE kind WHEN 'MENTIONS' THEN 1 ELSE 0 END) AS mentions,
     min(at) AS firstAtMs, max(at) AS lastAtMs
WITH b, source, target, retweets, replies, quotes, mentions, firstAtMs, lastAtMs,
     CASE WHEN 'RETWEET' IN $kinds THEN retweets ELSE 0 END + CASE WHEN 'REPLY' IN $kinds THEN replies ELSE 0 END +
     CASE WHEN 'QUOTE' IN $kinds THEN quotes ELSE 0 END + CASE WHEN 'MENTION' IN $kinds THEN mentions ELSE 0 END AS weight
WHERE weight >= $minWeight
WITH b.uid AS node, source, target, weight, retweets, replies, quotes, mentions, firstAtMs, lastAtMs
ORDER BY weight DESC, target, source
LIMIT $max
// One row (see network_edges_heaviest.cypher): each entry is the far
// account, the edge's ends (account ids: the network is not known yet),
// then the edge as there.
RETURN collect(CASE $detail
  WHEN 0 THEN [node, source, target, weight, firstAtMs, lastAtMs, retweets, replies, quotes, mentions]
  WHEN 1 THEN [node, source, target, weight, firstAtMs, lastAtMs]
  ELSE [node, source, target, weight] END) AS rows
