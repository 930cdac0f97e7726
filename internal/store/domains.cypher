// Domains by how many shared URLs (or direct domain shares) point at them,
// or within a dataset by traversal from its accounts' posts.
CALL (*) {
  WITH $dataset AS ds WHERE ds IS NULL
  MATCH (d:Domain)
  RETURN d.name AS name, COUNT { (d)<-[:ON_DOMAIN]-(:Url)<-[:LINKS]-() } + COUNT { (d)<-[:LINKS_DOMAIN]-() } AS posts, null AS accounts
  UNION
  WITH $dataset AS ds WHERE ds IS NOT NULL
  MATCH (:Dataset {name: ds})<-[:IN_DATASET]-(a:Account)-[:POSTED]->(p:Post)
  MATCH (p)-[:LINKS]->(:Url)-[:ON_DOMAIN]->(d:Domain)
  RETURN d.name AS name, count(*) AS posts, count(DISTINCT a) AS accounts
}
WITH name, posts, accounts WHERE posts > 0
RETURN name, posts, accounts
ORDER BY posts DESC, name
LIMIT $limit
