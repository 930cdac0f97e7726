// The replaced versions of a saved query, newest first.
MATCH (:SavedQuery {id: $id})-[:HAS_VERSION]->(v:SavedQueryVersion)
RETURN v ORDER BY v.version DESC
