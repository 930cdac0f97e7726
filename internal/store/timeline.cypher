// Post counts per time bucket for some accounts and/or a hashtag. Buckets
// are aligned to the epoch ($offsetMs shifts weeks to start on Monday).
CALL (*) {
  WITH $accounts AS accounts WHERE accounts IS NOT NULL
  UNWIND accounts AS uid
  MATCH (:Account {uid: uid})-[:POSTED]->(p:Post)
  WHERE $tag IS NULL OR EXISTS { (p)-[:TAGS]->(:Hashtag {tag: $tag}) }
  RETURN p
  UNION
  WITH $accounts AS accounts WHERE accounts IS NULL
  MATCH (:Hashtag {tag: $tag})<-[:TAGS]-(p:Post)
  RETURN p
}
WITH p WHERE p.timeMs >= $sinceMs AND p.timeMs < $untilMs
WITH (p.timeMs - $offsetMs) / $sizeMs * $sizeMs + $offsetMs AS bucket, count(*) AS posts
RETURN bucket, posts
ORDER BY bucket
LIMIT $maxBuckets
