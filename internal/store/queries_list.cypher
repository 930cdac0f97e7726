// A page of saved queries, most recently updated first; those of one
// investigation when it is given (ordered by name then).
MATCH (q:SavedQuery)
WHERE $investigation IS NULL OR EXISTS { (:Investigation {id: $investigation})-[:HAS_QUERY]->(q) }
WITH q ORDER BY CASE WHEN $investigation IS NULL THEN q.updatedAt END DESC, q.name, q.id
WITH collect(q.id) AS ids
RETURN size(ids) AS total, ids[$skip..$skip + $limit] AS page
