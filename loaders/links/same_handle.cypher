// Link a dataset's accounts to other accounts with the same handle
// (case-insensitive): on the same platform, a handle-only entry from a
// takedown report and an id-keyed account of a release are very likely the
// same asset; across platforms a shared handle is a moniker, weaker
// evidence. The link is a relationship with its evidence: identities are
// never merged. Hashed handles are pseudonyms of one release and never match.
MATCH (a:Account)-[:IN_DATASET]->(:Dataset {name: $dataset})
WHERE a.handleLower IS NOT NULL AND a.handleLower <> '' AND coalesce(a.hashed, false) = false
MATCH (b:Account {handleLower: a.handleLower})
WHERE b <> a AND coalesce(b.hashed, false) = false
WITH CASE WHEN a.uid < b.uid THEN a ELSE b END AS x, CASE WHEN a.uid < b.uid THEN b ELSE a END AS y
WITH DISTINCT x, y
MERGE (x)-[l:SAME_HANDLE]->(y)
SET l.evidence = 'same handle @' + x.handleLower,
    l.source = 'iograph handle match',
    l.confidence = CASE WHEN x.platform = y.platform THEN 'high' ELSE 'medium' END
FOREACH (_ IN CASE WHEN $load IN coalesce(l.loads, []) THEN [] ELSE [1] END | SET l.loads = [l IN coalesce(l.loads, []) WHERE l <> $load] + $load)
RETURN count(l) AS links
