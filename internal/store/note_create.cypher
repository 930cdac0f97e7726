// Write a note on an investigation and/or a node (an account or a post,
// found by its key; checked to exist beforehand in the same transaction).
CREATE (n:Note {id: $id, text: $text, author: $author, createdAt: datetime($now)})
WITH n
OPTIONAL MATCH (i:Investigation {id: $investigation})
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END |
  CREATE (i)-[:HAS_NOTE]->(n) SET i.updatedAt = datetime($now))
WITH n
CALL (n) {
  OPTIONAL MATCH (a:Account {uid: $about})
  OPTIONAL MATCH (p:Post {uid: $about})
  WITH coalesce(a, p) AS x
  FOREACH (_ IN CASE WHEN x IS NULL THEN [] ELSE [1] END | CREATE (n)-[:ABOUT]->(x))
}
RETURN n.id AS id
