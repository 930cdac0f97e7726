// Delete the whole graph in batches; the schema (constraints, indexes) stays.
MATCH (n)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
