// The hashtags many accounts used most, at once.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
CALL (a) {
  MATCH (a)-[:POSTED]->(:Post)-[:TAGS]->(h:Hashtag)
  WITH h.tag AS tag, count(*) AS posts
  ORDER BY posts DESC, tag
  LIMIT $limit
  RETURN collect({tag: tag, posts: posts}) AS tags
}
RETURN uid, tags
