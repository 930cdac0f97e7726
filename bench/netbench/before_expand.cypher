// The network query's hop as it was at f58de0e (the figure issue 13 starts
// from), kept only as netbench's baseline: every AMPLIFIED edge of the
// frontier, sorted, up to 20 per node of the cap.
// One hop of the amplification network around a frontier, from the
// AMPLIFIED aggregates: both directions (who amplified the frontier, whom
// it amplified), weight = engagements of the selected kinds, heaviest first.
UNWIND $frontier AS uid
MATCH (s:Account {uid: uid})-[x:AMPLIFIED]-(b:Account)
WITH s, b, x,
     CASE WHEN 'RETWEET' IN $kinds THEN x.retweets ELSE 0 END + CASE WHEN 'REPLY' IN $kinds THEN x.replies ELSE 0 END +
     CASE WHEN 'QUOTE' IN $kinds THEN x.quotes ELSE 0 END + CASE WHEN 'MENTION' IN $kinds THEN x.mentions ELSE 0 END AS weight
WHERE weight >= $minWeight
RETURN b.uid AS node, startNode(x).uid AS source, endNode(x).uid AS target, weight,
       x.retweets AS retweets, x.replies AS replies, x.quotes AS quotes, x.mentions AS mentions,
       x.firstAtMs AS firstAtMs, x.lastAtMs AS lastAtMs
ORDER BY weight DESC, target, source
LIMIT $max
