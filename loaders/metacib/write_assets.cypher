// Assets the platform attributes to the operation. Identities are never
// merged: an asset known by handle only gets its own node, and links to
// id-keyed accounts with the same handle are made separately, with evidence.
// Nodes first, then links (see loaders.Statements). The operation is
// MERGEd here too: the batch that describes it may not have committed yet.
MERGE (:Operation {uid: $operation});
UNWIND $rows AS r
MERGE (a:Account {uid: r.uid})
  ON CREATE SET a += r.props;
UNWIND [r IN $rows WHERE r.domain IS NOT NULL AND r.domain <> ''] AS r
MERGE (d:Domain {name: r.domain})
FOREACH (_ IN CASE WHEN $load IN coalesce(d.loads, []) THEN [] ELSE [1] END | SET d.loads = [l IN coalesce(d.loads, []) WHERE l <> $load] + $load);
UNWIND $rows AS r
MATCH (a:Account {uid: r.uid}), (o:Operation {uid: $operation})
FOREACH (_ IN CASE WHEN $load IN coalesce(a.loads, []) THEN [] ELSE [1] END | SET a.loads = [l IN coalesce(a.loads, []) WHERE l <> $load] + $load)
MERGE (a)-[p:PART_OF]->(o)
SET p.evidence = r.evidence, p.source = $source, p.confidence = 'disclosed', p.line = r.line, p.lines = r.lines, p.ttp = r.ttp,
    p.viaPost = r.viaPost, p.url = r.url
FOREACH (_ IN CASE WHEN $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = [l IN coalesce(p.loads, []) WHERE l <> $load] + $load);
UNWIND [r IN $rows WHERE r.domain IS NOT NULL AND r.domain <> ''] AS r
MATCH (a:Account {uid: r.uid}), (d:Domain {name: r.domain})
MERGE (a)-[h:HAS_DOMAIN]->(d)
FOREACH (_ IN CASE WHEN $load IN coalesce(h.loads, []) THEN [] ELSE [1] END | SET h.loads = [l IN coalesce(h.loads, []) WHERE l <> $load] + $load);
