// Assets from an analyst's hand-made list; nodes first, then properties and
// links (see loaders.Statements). Properties the list leaves empty never
// erase what another source said.
UNWIND $rows AS r
MERGE (a:Account {uid: r.uid});
UNWIND [r IN $rows WHERE r.operation IS NOT NULL] AS r
MERGE (o:Operation {uid: r.operation})
  ON CREATE SET o.name = r.operationName, o.source = r.source;
UNWIND $rows AS r
MATCH (a:Account {uid: r.uid})
SET a += r.props
FOREACH (_ IN CASE WHEN $load IN coalesce(a.loads, []) THEN [] ELSE [1] END | SET a.loads = [l IN coalesce(a.loads, []) WHERE l <> $load] + $load);
UNWIND [r IN $rows WHERE r.operation IS NOT NULL] AS r
MATCH (a:Account {uid: r.uid}), (o:Operation {uid: r.operation})
FOREACH (_ IN CASE WHEN $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = [l IN coalesce(o.loads, []) WHERE l <> $load] + $load)
MERGE (a)-[p:PART_OF]->(o)
SET p.evidence = r.evidence, p.source = r.source, p.confidence = r.confidence, p.line = r.line
FOREACH (_ IN CASE WHEN $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = [l IN coalesce(p.loads, []) WHERE l <> $load] + $load);
