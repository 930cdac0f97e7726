// Find by uid the element ids of the Account nodes a batch links to whose ids
// no statement of this load has returned yet (on a resumed load, the
// batches that wrote them were skipped), so the statements after it find
// every node by element id rather than by an index seek. The loader fails
// the batch when a uid is not found: the node it links to is missing.
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $keys AS k
MATCH (n:Account {uid: k})
RETURN k AS key, elementId(n) AS id
