// Facebook pages and groups as CrowdTangle describes them.
UNWIND $rows AS r
MERGE (a:Account {uid: r.uid});
UNWIND $rows AS r
MATCH (a:Account {uid: r.uid})
SET a += r.props
FOREACH (_ IN CASE WHEN $load IN coalesce(a.loads, []) THEN [] ELSE [1] END | SET a.loads = [l IN coalesce(a.loads, []) WHERE l <> $load] + $load);
