// Link a dataset's accounts to accounts on other platforms that held the
// same handle (case-insensitive, through the Handle nodes of their handle
// observations, so a handle an account held before a rename counts and the
// order of the loads does not matter): a shared moniker (a Twitter account
// and a Facebook page both called HKpoliticalnew), evidence of a common
// operator but not of one identity. The link is a relationship with its
// evidence: identities are never merged. On one platform, a handle names one
// account at a time: a handle-only reference is resolved to the account
// that held the handle by SAME_AS (resolve_handles.cypher), not linked
// here. Hashed handles are pseudonyms of one release and never observed.
// $visible, when not null, names the datasets whose observations count (an
// import links as the loads of its files, one after the other, would have).
MATCH (:Dataset {name: $dataset})<-[:IN_DATASET]-(a:Account)-[oa:HELD]->(h:Handle)
WHERE $visible IS NULL OR oa.dataset IN $visible
MATCH (b:Account)-[ob:HELD]->(other:Handle {handle: h.handle})
WHERE other.platform <> h.platform AND ($visible IS NULL OR ob.dataset IN $visible)
WITH CASE WHEN a.uid < b.uid THEN a ELSE b END AS x, CASE WHEN a.uid < b.uid THEN b ELSE a END AS y, h.handle AS handle
WITH DISTINCT x, y, handle
ORDER BY handle
WITH x, y, collect(handle) AS handles
MERGE (x)-[l:SAME_HANDLE]->(y)
SET l.evidence = 'same handle @' + reduce(t = '', s IN handles | t + CASE t WHEN '' THEN '' ELSE ', @' END + s),
    l.source = 'iograph handle match',
    l.confidence = 'medium'
FOREACH (_ IN CASE WHEN $load IN coalesce(l.loads, []) THEN [] ELSE [1] END | SET l.loads = [l IN coalesce(l.loads, []) WHERE l <> $load] + $load)
RETURN count(l) AS links
