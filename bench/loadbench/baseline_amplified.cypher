// AMPLIFIED from tweet-level facts, for every account of the release, as
// loaders/twitterio/amplified.cypher computes it, in Neo4j's own batches.
MATCH (a:Account)-[:IN_DATASET]->(:Dataset {name: $dataset})
CALL (a) {
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
      x.medianLatencySeconds = CASE WHEN timed = 0 THEN null ELSE medianLatency END,
      x.loads = $loads
} IN TRANSACTIONS OF 100 ROWS
