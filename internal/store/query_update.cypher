// Change a saved query. A new document or new variables keep the old ones
// as a version; the links to the accounts it is about are redone.
MATCH (q:SavedQuery {id: $id})
WITH q, ($document IS NOT NULL AND $document <> q.document) OR ($variables IS NOT NULL AND $variables <> q.variables) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  CREATE (q)-[:HAS_VERSION]->(:SavedQueryVersion {version: q.version, document: q.document, variables: q.variables,
                                                  replacedAt: datetime($now)})
  SET q.version = q.version + 1)
SET q.name = coalesce($name, q.name),
    q.description = CASE WHEN $setDescription THEN $description ELSE q.description END,
    q.document = coalesce($document, q.document),
    q.variables = coalesce($variables, q.variables),
    q.updatedAt = datetime($now)
WITH q
OPTIONAL MATCH (i:Investigation)-[:HAS_QUERY]->(q)
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | SET i.updatedAt = datetime($now))
WITH DISTINCT q
CALL (q) {
  OPTIONAL MATCH (q)-[r:ABOUT]->(:Account)
  DELETE r
}
CALL (q) {
  UNWIND $about AS uid
  MATCH (a:Account {uid: uid})
  MERGE (q)-[:ABOUT]->(a)
}
RETURN q.id AS id
