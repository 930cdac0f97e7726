// Saved queries by id.
UNWIND $ids AS id
MATCH (q:SavedQuery {id: id})
OPTIONAL MATCH (i:Investigation)-[:HAS_QUERY]->(q)
RETURN q, i.id AS investigation
