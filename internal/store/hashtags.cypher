// Hashtags by how many posts carry them (the degree of the node: cheap), or
// within a dataset by traversal from its accounts' posts.
CALL (*) {
  WITH $dataset AS ds WHERE ds IS NULL
  MATCH (h:Hashtag)
  RETURN h.tag AS tag, COUNT { (h)<-[:TAGS]-() } AS posts, null AS accounts
  UNION
  WITH $dataset AS ds WHERE ds IS NOT NULL
  MATCH (:Dataset {name: ds})<-[:IN_DATASET]-(a:Account)-[:POSTED]->(:Post)-[:TAGS]->(h:Hashtag)
  RETURN h.tag AS tag, count(*) AS posts, count(DISTINCT a) AS accounts
}
RETURN tag, posts, accounts
ORDER BY posts DESC, tag
LIMIT $limit
