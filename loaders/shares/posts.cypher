// One post per share (content id), with its time and author. Nodes first,
// then properties and links (see loaders.Statements). The author is MERGEd
// too: the batch that describes it may still be in flight on another worker.
UNWIND $rows AS r
MERGE (p:Post {uid: r.uid});
UNWIND $rows AS r
MERGE (a:Account {uid: r.account})
  ON CREATE SET a.platform = r.platform, a.kind = 'account', a.id = r.accountId;
UNWIND $rows AS r
MATCH (p:Post {uid: r.uid})
SET p.id = r.id, p.platform = r.platform, p.timeMs = r.timeMs, p.time = datetime({epochMillis: r.timeMs})
FOREACH (_ IN CASE WHEN $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = [l IN coalesce(p.loads, []) WHERE l <> $load] + $load);
UNWIND $rows AS r
MATCH (a:Account {uid: r.account}), (p:Post {uid: r.uid})
MERGE (a)-[e:POSTED]->(p)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = [l IN coalesce(e.loads, []) WHERE l <> $load] + $load);
