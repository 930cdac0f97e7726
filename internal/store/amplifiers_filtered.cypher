// Amplifiers of a seed within a time range and/or for some engagement kinds,
// recomputed from the tweet-level engagements of the seed's posts:
// O(engagements of the seed), never a scan of the release.
MATCH (s:Account {uid: $seed})
CALL (s) {
  MATCH (s)-[:POSTED]->(o:Post)<-[e:RETWEET_OF|REPLY_TO|QUOTES]-(t:Post)<-[:POSTED]-(a:Account)
  WHERE a <> s AND t.timeMs >= $sinceMs AND t.timeMs < $untilMs
    AND (CASE type(e) WHEN 'RETWEET_OF' THEN 'RETWEET' WHEN 'REPLY_TO' THEN 'REPLY' ELSE 'QUOTE' END) IN $kinds
  RETURN a, type(e) AS kind, t.timeMs AS at,
         CASE WHEN o.timeMs IS NULL THEN null ELSE (t.timeMs - o.timeMs) / 1000.0 END AS latency
  UNION ALL
  MATCH (s)<-[:MENTIONS]-(t:Post)<-[:POSTED]-(a:Account)
  WHERE a <> s AND 'MENTION' IN $kinds AND t.timeMs >= $sinceMs AND t.timeMs < $untilMs
  RETURN a, 'MENTIONS' AS kind, t.timeMs AS at, null AS latency
}
WITH a,
     sum(CASE kind WHEN 'RETWEET_OF' THEN 1 ELSE 0 END) AS retweets,
     sum(CASE kind WHEN 'REPLY_TO' THEN 1 ELSE 0 END) AS replies,
     sum(CASE kind WHEN 'QUOTES' THEN 1 ELSE 0 END) AS quotes,
     sum(CASE kind WHEN 'MENTIONS' THEN 1 ELSE 0 END) AS mentions,
     count(*) AS total, min(at) AS firstAtMs, max(at) AS lastAtMs,
     min(latency) AS minLatency, percentileCont(latency, 0.5) AS medianLatency, count(latency) AS timed
WHERE total >= $minTotal
WITH a, {retweets: retweets, replies: replies, quotes: quotes, mentions: mentions, total: total,
         firstAtMs: firstAtMs, lastAtMs: lastAtMs, minLatency: minLatency,
         medianLatency: CASE WHEN timed = 0 THEN null ELSE medianLatency END} AS m
WITH a, m, CASE $order
    WHEN 'RETWEETS' THEN toFloat(m.retweets) WHEN 'REPLIES' THEN toFloat(m.replies)
    WHEN 'QUOTES' THEN toFloat(m.quotes) WHEN 'MENTIONS' THEN toFloat(m.mentions)
    WHEN 'FIRST_AT' THEN toFloat(m.firstAtMs) WHEN 'LAST_AT' THEN toFloat(m.lastAtMs)
    WHEN 'MIN_LATENCY' THEN m.minLatency ELSE toFloat(m.total) END AS key
WITH a, m, CASE WHEN $desc THEN -key ELSE key END AS sortKey
ORDER BY sortKey IS NULL, sortKey, a.uid
WITH collect({a: a, m: m}) AS rows
RETURN size(rows) AS total, rows[$skip..$skip + $limit] AS page
