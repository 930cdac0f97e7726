// One post per CrowdTangle post id, with its time and the page or group
// that posted it.
UNWIND $rows AS r
MERGE (p:Post {uid: r.uid})
SET p.id = r.id, p.platform = 'facebook', p.timeMs = r.timeMs, p.time = datetime({epochMillis: r.timeMs})
FOREACH (_ IN CASE WHEN $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = coalesce(p.loads, []) + $load)
WITH p, r
// MERGE, not MATCH: the batch that describes the account may still be in
// flight on another worker.
MERGE (a:Account {uid: r.account})
  ON CREATE SET a.platform = r.platform, a.id = r.accountId
MERGE (a)-[e:POSTED]->(p)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
