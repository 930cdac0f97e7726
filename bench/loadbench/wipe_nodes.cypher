// Delete the nodes left once their relationships are gone (wipe.cypher).
MATCH (n)
CALL (n) {
  DELETE n
} IN TRANSACTIONS OF 20000 ROWS
