// The share rows of one chunk of a dataset's share index: those of a few
// hundred of its accounts, exactly as coordination_shares.cypher selects them
// (posts with a time, written by one of the dataset's loads, the signal's
// objects spliced in at the placeholder of CALL (p) below), as parallel
// lists grouped by account. The build encodes and writes them with
// share_index_chunk.cypher in the same transaction.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})-[:POSTED]->(p:Post)
WHERE p.timeMs IS NOT NULL
CALL (p) {
  {{object}}
}
WITH a, p, object
WHERE any(x IN coalesce(p.loads, []) WHERE x IN $loads AND coalesce(object, '') IS NOT NULL)
WITH a, collect(coalesce(object, '')) AS objects, collect(coalesce(p.uid, '')) AS contents, collect(p.timeMs) AS times
WITH collect(a.uid) AS accounts, collect(size(objects)) AS sizes,
     collect(objects) AS o, collect(contents) AS c, collect(times) AS t
WHERE size(accounts) > 0
// Flattened one list at a time; UNWIND keeps the order, so the three lists
// stay parallel.
CALL (o) { UNWIND o AS l UNWIND l AS x RETURN collect(x) AS objects }
CALL (c) { UNWIND c AS l UNWIND l AS x RETURN collect(x) AS contents }
CALL (t) { UNWIND t AS l UNWIND l AS x RETURN collect(x) AS times }
RETURN accounts, sizes, objects, contents, times
