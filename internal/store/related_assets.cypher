// Assets related to an account, each with how we know: the same handle
// (SAME_HANDLE links made at load time), listed in the same operation by a
// platform or an analyst (PART_OF), both (the same handle as an asset listed
// in an operation), or URLs shared by both. Identities are never merged: the
// analyst weighs the evidence. One query serves many accounts (the
// Account.relatedAssets field of a list goes through a dataloader), each
// capped at $limit.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
CALL (a) {
 CALL (a) {
  MATCH (a)-[l:SAME_HANDLE]-(b:Account)
  RETURN b, 'SAME_HANDLE' AS via, l.evidence AS evidence, l.source AS source, l.confidence AS confidence,
         null AS operation, 1 AS rank
  UNION
  MATCH (a)-[:PART_OF]->(o:Operation)<-[p:PART_OF]-(b:Account)
  WHERE b <> a
  RETURN b, 'SAME_OPERATION' AS via,
         'listed in ' + coalesce(o.name, o.uid) + CASE WHEN p.evidence IS NULL OR p.evidence = '' THEN '' ELSE ': ' + p.evidence END AS evidence,
         p.source AS source, p.confidence AS confidence, o AS operation, 0 AS rank
  UNION
  MATCH (a)-[l:SAME_HANDLE]-(x:Account)-[:PART_OF]->(o:Operation)<-[p:PART_OF]-(b:Account)
  WHERE b <> a AND NOT (a)-[:PART_OF]->(o)
  RETURN b, 'SAME_HANDLE_THEN_OPERATION' AS via,
         l.evidence + ' as ' + x.uid + ', listed in ' + coalesce(o.name, o.uid) AS evidence,
         p.source AS source, 'medium' AS confidence, o AS operation, 2 AS rank
  UNION
  MATCH (a)-[:POSTED]->(:Post)-[:LINKS]->(u:Url)
  WITH a, u LIMIT $maxUrls
  MATCH (u)<-[:LINKS]-(:Post)<-[:POSTED]-(b:Account)
  WHERE b <> a AND b.platform <> a.platform
  WITH b, count(DISTINCT u) AS shared, collect(DISTINCT u.url)[..3] AS sample
  RETURN b, 'SHARED_URL' AS via,
         toString(shared) + ' shared URL(s), e.g. ' + reduce(s = '', x IN sample | s + CASE WHEN s = '' THEN '' ELSE ', ' END + x) AS evidence,
         'iograph URL match' AS source, CASE WHEN shared >= 5 THEN 'medium' ELSE 'low' END AS confidence,
         null AS operation, 3 AS rank
}
WITH b, via, evidence, source, confidence, operation, rank
ORDER BY rank, b.uid, evidence
LIMIT $limit
RETURN collect({a: b, via: via, evidence: evidence, source: source, confidence: confidence,
                operation: operation {.uid, .name, .source, .period}}) AS links
}
RETURN a.uid AS uid, links
