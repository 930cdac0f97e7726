// The accounts of a network as they join it, with what the network query
// plans with: the element id (membership is tested on it, which needs no
// read of the store) and the number of AMPLIFIED edges (from the degree
// store, not by reading the edges). Only the properties a network node
// shows are read, and all accounts come in one row (a record each costs
// about 10 µs: see network_edges_heaviest.cypher).
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
RETURN collect({
  props: a {.uid, .platform, .kind, .handle, .name, .hashed, .followers, .createdAt},
  eid: elementId(a), degree: COUNT { (a)-[:AMPLIFIED]-() }
}) AS accounts
