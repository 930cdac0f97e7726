// Recompute, for a set of accounts, the AMPLIFIED relationships they send:
// one per amplified account, with counts per engagement kind, the first and
// last engagement time and the latency from original to engagement. It is a
// full recomputation from tweet-level facts, so running it again (after a
// resumed or repeated load) gives the same result; "who amplified X" then
// costs O(degree of X), not O(tweets).
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
CALL (a) {
  MATCH (a)-[:POSTED]->(t:Post)-[e:RETWEET_OF|REPLY_TO|QUOTES]->(o:Post)<-[:POSTED]-(s:Account)
  WHERE s <> a
  RETURN s, type(e) AS kind, t.timeMs AS at,
         CASE WHEN o.timeMs IS NULL THEN null ELSE (t.timeMs - o.timeMs) / 1000.0 END AS latency
  UNION ALL
  MATCH (a)-[:POSTED]->(t:Post)-[:MENTIONS]->(s:Account)
  WHERE s <> a
  RETURN s, 'MENTIONS' AS kind, t.timeMs AS at, null AS latency
}
WITH a, s,
     sum(CASE kind WHEN 'RETWEET_OF' THEN 1 ELSE 0 END) AS retweets,
     sum(CASE kind WHEN 'REPLY_TO' THEN 1 ELSE 0 END) AS replies,
     sum(CASE kind WHEN 'QUOTES' THEN 1 ELSE 0 END) AS quotes,
     sum(CASE kind WHEN 'MENTIONS' THEN 1 ELSE 0 END) AS mentions,
     min(at) AS firstMs, max(at) AS lastMs,
     min(latency) AS minLatency, percentileCont(latency, 0.5) AS medianLatency,
     count(latency) AS timed
MERGE (a)-[x:AMPLIFIED]->(s)
SET x.retweets = retweets, x.replies = replies, x.quotes = quotes, x.mentions = mentions,
    x.total = retweets + replies + quotes + mentions,
    x.firstAtMs = firstMs, x.lastAtMs = lastMs,
    x.firstAt = datetime({epochMillis: firstMs}), x.lastAt = datetime({epochMillis: lastMs}),
    x.minLatencySeconds = minLatency,
    x.medianLatencySeconds = CASE WHEN timed = 0 THEN null ELSE medianLatency END
SET x.loads = reduce(acc = coalesce(x.loads, []), l IN $loads | CASE WHEN l IN acc THEN acc ELSE acc + l END)
