// Relationship counts per type, from the count store like the node counts.
CALL db.relationshipTypes() YIELD relationshipType AS type
CALL (type) {
  MATCH ()-[r:$(type)]->()
  RETURN count(r) AS count
}
WITH type, count
WHERE count > 0 AND NOT type IN $hidden
RETURN type, count
ORDER BY type
