// One post per CrowdTangle post id, with its time and the page or group
// that posted it.
UNWIND $rows AS r
MERGE (p:Post {uid: r.uid})
SET p.id = r.id, p.platform = 'facebook', p.timeMs = r.timeMs, p.time = datetime({epochMillis: r.timeMs})
FOREACH (_ IN CASE WHEN $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = coalesce(p.loads, []) + $load)
WITH p, r
MATCH (a:Account {uid: r.account})
MERGE (a)-[e:POSTED]->(p)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
