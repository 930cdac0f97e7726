// One post per share (content id), with its time and author.
UNWIND $rows AS r
MERGE (p:Post {uid: r.uid})
  ON CREATE SET p.id = r.id, p.platform = r.platform
SET p.timeMs = r.timeMs, p.time = datetime({epochMillis: r.timeMs})
FOREACH (_ IN CASE WHEN $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = coalesce(p.loads, []) + $load)
WITH p, r
// MERGE, not MATCH: the batch that describes the account may still be in
// flight on another worker.
MERGE (a:Account {uid: r.account})
  ON CREATE SET a.platform = r.platform, a.kind = 'account', a.id = r.accountId
MERGE (a)-[e:POSTED]->(p)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
