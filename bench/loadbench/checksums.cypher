// Sums over the derived aggregates and the tweets' converted values: equal
// sums say both loads computed the same AMPLIFIED and USED_CLIENT values and
// converted the same columns the same way, not just created as many things.
CALL () {
  MATCH ()-[x:AMPLIFIED]->()
  RETURN 'AMPLIFIED total, retweets, replies, quotes, mentions' AS name,
         [sum(x.total), sum(x.retweets), sum(x.replies), sum(x.quotes), sum(x.mentions)] AS sums
  UNION ALL
  MATCH ()-[x:AMPLIFIED]->()
  RETURN 'AMPLIFIED min and median latency (ms), first and last (s)' AS name,
         [sum(toInteger(round(coalesce(x.minLatencySeconds, 0) * 1000))), sum(toInteger(round(coalesce(x.medianLatencySeconds, 0) * 1000))),
          sum(x.firstAt.epochSeconds), sum(x.lastAt.epochSeconds)] AS sums
  UNION ALL
  MATCH ()-[u:USED_CLIENT]->()
  RETURN 'USED_CLIENT posts, first and last (s)' AS name, [sum(u.posts), sum(u.firstAt.epochSeconds), sum(u.lastAt.epochSeconds)] AS sums
  UNION ALL
  MATCH (t:Tweet)
  RETURN 'Tweet timeMs (s), time (s), counts, retweets, text and client length' AS name,
         [sum(t.timeMs / 1000), sum(t.time.epochSeconds), sum(coalesce(t.likeCount, 0) + coalesce(t.retweetCount, 0) + coalesce(t.replyCount, 0) + coalesce(t.quoteCount, 0)),
          sum(CASE WHEN t.isRetweet THEN 1 ELSE 0 END), sum(size(t.text)), sum(size(t.client))] AS sums
  UNION ALL
  MATCH (a:Account)
  RETURN 'Account followers, following, hashed, created (yyyymmdd), handles, descriptions' AS name,
         [sum(a.followers), sum(a.following), sum(CASE WHEN a.hashed THEN 1 ELSE 0 END), sum(a.createdAt.year * 10000 + a.createdAt.month * 100 + a.createdAt.day),
          sum(size(coalesce(a.handleLower, ''))), sum(size(coalesce(a.description, '')))] AS sums
  UNION ALL
  MATCH (n)
  RETURN 'property keys set on all nodes' AS name, [sum(size(keys(n)))] AS sums
}
RETURN name, sums
ORDER BY name
