// The datasets (releases, exports, disclosures) of many accounts at once.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
RETURN uid, [(a)-[:IN_DATASET]->(d:Dataset) | d.name] AS datasets
