// Amplifiers of a seed from the AMPLIFIED aggregates kept at load time:
// O(amplifiers of the seed). The sort key is chosen by $order (a fixed
// enum), never spliced into the query.
MATCH (s:Account {uid: $seed})<-[x:AMPLIFIED]-(a:Account)
WITH a, x, x.total AS total
WHERE total >= $minTotal
WITH a, {retweets: x.retweets, replies: x.replies, quotes: x.quotes, mentions: x.mentions, total: total,
         firstAtMs: x.firstAtMs, lastAtMs: x.lastAtMs,
         minLatency: x.minLatencySeconds, medianLatency: x.medianLatencySeconds} AS m
WITH a, m, CASE $order
    WHEN 'RETWEETS' THEN toFloat(m.retweets) WHEN 'REPLIES' THEN toFloat(m.replies)
    WHEN 'QUOTES' THEN toFloat(m.quotes) WHEN 'MENTIONS' THEN toFloat(m.mentions)
    WHEN 'FIRST_AT' THEN toFloat(m.firstAtMs) WHEN 'LAST_AT' THEN toFloat(m.lastAtMs)
    WHEN 'MIN_LATENCY' THEN m.minLatency ELSE toFloat(m.total) END AS key
WITH a, m, CASE WHEN $desc THEN -key ELSE key END AS sortKey
ORDER BY sortKey IS NULL, sortKey, a.uid
WITH collect({a: a, m: m}) AS rows
RETURN size(rows) AS total, rows[$skip..$skip + $limit] AS page
