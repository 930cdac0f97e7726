// Delete the whole graph in batches; the schema (constraints, indexes) stays.
// Relationships go first: deleting a node with its relationships in one
// batch would put all of a hashtag's or an author's hundreds of thousands of
// relationships into a single transaction.
MATCH ()-[r]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 20000 ROWS
