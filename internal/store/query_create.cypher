// Save a query, in its investigation when it has one, linked to the
// accounts its variables and arguments name (checked to exist; others are
// ignored) so an account's page can list the queries about it.
CREATE (q:SavedQuery {id: $id, name: $name, description: $description, document: $document, variables: $variables,
                      createdAt: datetime($now), updatedAt: datetime($now), version: 1})
WITH q
OPTIONAL MATCH (i:Investigation {id: $investigation})
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END |
  CREATE (i)-[:HAS_QUERY]->(q) SET i.updatedAt = datetime($now))
WITH q
CALL (q) {
  UNWIND $about AS uid
  MATCH (a:Account {uid: uid})
  MERGE (q)-[:ABOUT]->(a)
}
RETURN q.id AS id
