// Delete the whole graph in batches; the schema (constraints, indexes)
// stays. Runs after wipe_relationships.cypher; the batches are small because
// share index nodes hold lists of tens of thousands of values.
MATCH (n)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 1000 ROWS
