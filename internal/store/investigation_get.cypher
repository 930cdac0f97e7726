// Investigations by id, each with its seeds and pinned accounts in the order
// they were added.
UNWIND $ids AS id
MATCH (i:Investigation {id: id})
CALL (i) {
  OPTIONAL MATCH (i)-[r:SEED]->(a:Account)
  WITH r, a ORDER BY r.at, r.order, a.uid
  RETURN collect(a) AS seeds
}
CALL (i) {
  OPTIONAL MATCH (i)-[r:PINNED]->(a:Account)
  WITH r, a ORDER BY r.at, r.order, a.uid
  RETURN collect(a) AS pinned
}
RETURN i, seeds, pinned
