// Recompute, for a set of accounts, the AMPLIFIED relationships they send:
// one per amplified account, with counts per engagement kind, the first and
// last engagement time and the latency from original to engagement. It is a
// full recomputation from tweet-level facts, so running it again (after a
// resumed or repeated load) gives the same result; "who amplified X" then
// costs O(degree of X), not O(tweets).
//
// Links are checked and created rather than MERGEd: a relationship MERGE
// locks both accounts, and the amplified one is a seed that most of the
// release amplifies, so the workers would queue on it. Nor is the
// amplifying account locked: a write to it is held until commit, and every
// other chunk that creates a link to it (a mention, a reply) would wait for
// that (2 workers ran slower than 1). The chunks of one derivation hold
// disjoint accounts, so no two of them create links from the same account;
// two derivations of one release at once (two processes loading it) could
// both create one pair's link, and the next derivation keeps one of them and
// deletes the others. Rows are unique per (a, s) by the aggregation.
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
WITH a, s, {retweets: retweets, replies: replies, quotes: quotes, mentions: mentions,
            total: retweets + replies + quotes + mentions,
            firstAtMs: firstMs, lastAtMs: lastMs,
            firstAt: datetime({epochMillis: firstMs}), lastAt: datetime({epochMillis: lastMs}),
            minLatencySeconds: minLatency,
            medianLatencySeconds: CASE WHEN timed = 0 THEN null ELSE medianLatency END} AS props
// Links are created in one order in every chunk (by the amplified account),
// so two chunks that both link to the same seeds take their locks in the
// same order rather than deadlocking over them.
WITH a, s, props ORDER BY s.uid
OPTIONAL MATCH (a)-[x:AMPLIFIED]->(s)
WITH a, s, props, collect(x) AS xs
FOREACH (_ IN CASE WHEN size(xs) = 0 THEN [1] ELSE [] END |
  CREATE (a)-[n:AMPLIFIED]->(s)
  SET n = props, n.loads = reduce(acc = [], l IN $loads | CASE WHEN l IN acc THEN acc ELSE acc + l END))
FOREACH (x IN xs[0..1] |
  SET x += props, x.loads = reduce(acc = coalesce(x.loads, []), l IN $loads | CASE WHEN l IN acc THEN acc ELSE acc + l END))
FOREACH (x IN xs[1..] | DELETE x)
