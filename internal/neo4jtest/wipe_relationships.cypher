// Delete every relationship in batches before the nodes: a node's DETACH
// DELETE takes all its relationships into one transaction, and a hashtag or
// seed tweet of a large release has hundreds of thousands.
MATCH ()-[r]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS
