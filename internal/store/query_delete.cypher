// Delete a saved query and its versions.
MATCH (q:SavedQuery {id: $id})
OPTIONAL MATCH (q)-[:HAS_VERSION]->(v:SavedQueryVersion)
DETACH DELETE v
WITH DISTINCT q
DETACH DELETE q
RETURN count(*) AS deleted
