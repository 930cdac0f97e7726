// Whether another saved query of the same investigation (or, without one,
// another query without one) already has this name.
MATCH (q:SavedQuery {name: $name})
WHERE q.id <> $self
  AND CASE WHEN $investigation IS NULL
           THEN NOT EXISTS { (:Investigation)-[:HAS_QUERY]->(q) }
           ELSE EXISTS { (:Investigation {id: $investigation})-[:HAS_QUERY]->(q) } END
RETURN count(q) > 0 AS taken
