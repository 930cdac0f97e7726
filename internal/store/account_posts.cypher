// One page of posts (newest first) of many accounts at once, with each
// account's total in the window.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
CALL (a) {
  MATCH (a)-[:POSTED]->(p:Post)
  WHERE coalesce(p.timeMs, 0) >= $sinceMs AND coalesce(p.timeMs, 0) < $untilMs
  WITH p ORDER BY p.timeMs DESC, p.uid
  WITH collect(p) AS ps
  RETURN size(ps) AS total,
         [p IN ps[$skip..$skip + $limit] | p {.*, hashtags: [(p)-[:TAGS]->(h:Hashtag) | h.tag],
                                            urls: [(p)-[:LINKS]->(u:Url) | u.url]}] AS page
}
RETURN uid, total, page
