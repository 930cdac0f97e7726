// Accounts of a share set, known by id only (share sets carry no profiles).
UNWIND $rows AS r
MERGE (a:Account {uid: r.uid});
UNWIND $rows AS r
MATCH (a:Account {uid: r.uid})
SET a.platform = r.platform, a.kind = 'account', a.id = r.id, a.anonymised = r.anonymised
FOREACH (_ IN CASE WHEN $load IN coalesce(a.loads, []) THEN [] ELSE [1] END | SET a.loads = [l IN coalesce(a.loads, []) WHERE l <> $load] + $load);
