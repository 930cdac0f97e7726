// Node counts per label. MATCH on a single label with count() is answered
// from Neo4j's count store, so this costs one lookup per label, not a scan.
CALL db.labels() YIELD label
CALL (label) {
  MATCH (n:$(label))
  RETURN count(n) AS count
}
WITH label, count
WHERE count > 0 AND NOT label IN $hidden // labels no node carries are noise; $hidden: access control
RETURN label, count
ORDER BY label
