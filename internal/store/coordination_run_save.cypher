// Save a coordination run: its input, the data version it read and its
// result, as JSON, linked to the accounts it found and the dataset it read,
// so an investigation can reach it from either. Accounts and datasets are
// matched, never created: a run is about what is in the graph, and the
// links survive a re-load of the data because loads MERGE those nodes.
CREATE (r:CoordinationRun {id: $id, name: $name, savedAt: datetime($savedAt), signal: $signal,
                           input: $input, version: $version, result: $result})
WITH r
OPTIONAL MATCH (d:Dataset {name: $dataset})
FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END | CREATE (r)-[:ON_DATASET]->(d))
WITH r
UNWIND $accounts AS uid
MATCH (a:Account {uid: uid})
CREATE (r)-[:FOUND]->(a)
RETURN count(*) AS linked
