// The share rows one coordination signal is detected on: who shared what
// (the object), in which post (the content) and when. The signal picks one
// branch of the UNION by value, so the query text is fixed (CooRTweet's
// object, per signal: the retweeted, replied-to or quoted post, the URL, its
// domain, the hashtag, the image's perceptual hash, or the post's text, which
// the caller normalises). A dataset restricts both the accounts (members of
// it) and the posts (written by one of its loads), so an account listed in
// two releases contributes only this one's posts.
OPTIONAL MATCH (l:Load {dataset: $dataset})
WITH collect(l.id) AS loads
CALL () {
  WITH 1 AS one WHERE $dataset IS NULL
  MATCH (a:Account)
  RETURN a
  UNION ALL
  MATCH (:Dataset {name: $dataset})<-[:IN_DATASET]-(a:Account)
  RETURN a
}
MATCH (a)-[:POSTED]->(p:Post)
WHERE ($dataset IS NULL OR any(x IN coalesce(p.loads, []) WHERE x IN loads))
  AND p.timeMs IS NOT NULL
  AND ($sinceMs IS NULL OR p.timeMs >= $sinceMs)
  AND ($untilMs IS NULL OR p.timeMs < $untilMs)
CALL (p) {
  WITH p WHERE $signal = 'RETWEET'
  MATCH (p)-[:RETWEET_OF]->(o:Post)
  RETURN o.uid AS object
  UNION ALL
  WITH p WHERE $signal = 'REPLY'
  MATCH (p)-[:REPLY_TO]->(o:Post)
  RETURN o.uid AS object
  UNION ALL
  WITH p WHERE $signal = 'QUOTE'
  MATCH (p)-[:QUOTES]->(o:Post)
  RETURN o.uid AS object
  UNION ALL
  WITH p WHERE $signal = 'URL'
  MATCH (p)-[:LINKS]->(u:Url)
  RETURN u.url AS object
  UNION ALL
  WITH p WHERE $signal = 'DOMAIN'
  CALL (p) {
    MATCH (p)-[:LINKS_DOMAIN]->(d:Domain)
    RETURN d
    UNION
    MATCH (p)-[:LINKS]->(:Url)-[:ON_DOMAIN]->(d:Domain)
    RETURN d
  }
  RETURN d.name AS object
  UNION ALL
  WITH p WHERE $signal = 'HASHTAG'
  MATCH (p)-[:TAGS]->(h:Hashtag)
  RETURN h.tag AS object
  UNION ALL
  WITH p WHERE $signal = 'IMAGE'
  MATCH (p)-[:HAS_IMAGE]->(i:Image)
  RETURN i.hash AS object
  UNION ALL
  WITH p WHERE $signal = 'TEXT' AND p.text IS NOT NULL AND p.text <> ''
  RETURN p.text AS object
}
RETURN object, a.uid AS account, p.uid AS content, p.timeMs AS timeMs
