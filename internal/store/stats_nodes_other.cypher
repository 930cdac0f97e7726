// Counts of labels that stats_nodes.cypher does not name (none, while its
// list is complete): slower, as a dynamic label scans its nodes.
CALL db.labels() YIELD label
WITH label WHERE NOT label IN $known AND NOT label IN $hidden
CALL (label) {
  MATCH (n:$(label))
  RETURN count(n) AS count
}
WITH label, count
WHERE count > 0
RETURN label, count
