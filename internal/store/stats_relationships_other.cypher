// Counts of relationship types that stats_relationships.cypher does not
// name (none, while its list is complete).
CALL db.relationshipTypes() YIELD relationshipType AS type
WITH type WHERE NOT type IN $known AND NOT type IN $hidden
CALL (type) {
  MATCH ()-[r:$(type)]->()
  RETURN count(r) AS count
}
WITH type, count
WHERE count > 0
RETURN type, count
