// The accounts of a network as they join it, with what the network query
// plans with: the element id (membership is tested on it, which needs no
// read of the store) and the number of AMPLIFIED edges (from the degree
// store, not by reading the edges).
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
RETURN a, elementId(a) AS eid, COUNT { (a)-[:AMPLIFIED]-() } AS degree
