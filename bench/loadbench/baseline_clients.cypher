// USED_CLIENT and Client nodes for every account of the release, as
// loaders/twitterio/clients.cypher computes them, in Neo4j's own batches.
MATCH (a:Account)-[:IN_DATASET]->(:Dataset {name: $dataset})
CALL (a) {
  MATCH (a)-[:POSTED]->(t:Tweet)
  WHERE t.client IS NOT NULL AND t.client <> ''
  WITH a, t.client AS name, count(*) AS posts, min(t.timeMs) AS firstMs, max(t.timeMs) AS lastMs
  MERGE (c:Client {name: name})
  SET c.loads = $loads
  MERGE (a)-[u:USED_CLIENT]->(c)
  SET u.posts = posts, u.firstAt = datetime({epochMillis: firstMs}), u.lastAt = datetime({epochMillis: lastMs}),
      u.loads = $loads
} IN TRANSACTIONS OF 100 ROWS
