// Every dataset with its loads (oldest first) and how many accounts it holds.
MATCH (d:Dataset)
CALL (d) {
  OPTIONAL MATCH (l:Load)-[:OF_DATASET]->(d)
  WITH l ORDER BY l.startedAt
  RETURN collect(l {.id, .kind, .file, .entry, .sha256, .status, .rows, .accepted, .rejected, .blank,
                    .startedAt, .finishedAt}) AS loads
}
CALL (d) {
  RETURN COUNT { (:Account)-[:IN_DATASET]->(d) } AS accounts
}
RETURN d.name AS name, d.kind AS kind, coalesce(d.synthetic, false) AS synthetic, accounts, loads
ORDER BY name
