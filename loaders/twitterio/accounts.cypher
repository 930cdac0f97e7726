// Upsert release accounts (from the users file or a tweet's author columns)
// and their membership of the release. $load is recorded on everything this
// load asserts. SET locks the account, so checking for its IN_DATASET and
// creating it cannot race; a relationship MERGE would also lock the Dataset
// node, which every account of the release shares, until commit. Rows are
// unique per statement (the writer dedupes them): an Eager between the check
// and the CREATE would otherwise let two rows create the same relationship.
// It returns each node's element id, with which later statements find it
// (see write.go).
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MERGE (a:Account {uid: r.uid})
SET a += r.props
FOREACH (_ IN CASE WHEN $load IN coalesce(a.loads, []) THEN [] ELSE [1] END | SET a.loads = [l IN coalesce(a.loads, []) WHERE l <> $load] + $load)
WITH a
MATCH (d:Dataset {name: $dataset})
OPTIONAL MATCH (a)-[m:IN_DATASET]->(d)
FOREACH (_ IN CASE WHEN m IS NULL THEN [1] ELSE [] END | CREATE (a)-[:IN_DATASET {loads: [$load]}]->(d))
FOREACH (_ IN CASE WHEN m IS NULL OR $load IN coalesce(m.loads, []) THEN [] ELSE [1] END | SET m.loads = [l IN coalesce(m.loads, []) WHERE l <> $load] + $load)
RETURN a.uid AS key, elementId(a) AS id
