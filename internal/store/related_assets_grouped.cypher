// Assets related to an account, one entry per asset with every piece of
// evidence, strongest first. The account counts together with its aliases:
// the handle-only records resolved to it with confidence high (SAME_AS), and
// for such a record the account it resolves to and that account's other
// records, so the listings of `twitter:@name` in a takedown list are
// evidence about `twitter:123` that held @name (each such piece names the
// record as its alias). Evidence: the same handle on another platform
// (SAME_HANDLE links made at load time), listed in the same operation by a
// platform or an analyst (PART_OF), both (the same handle as an asset
// listed in an operation), URLs shared by both, and handle-only records of
// a handle the account held with others (contested SAME_AS). A related
// handle-only record resolved (high) to an account with an id is listed as
// that account. Identities are never merged: the analyst weighs the
// evidence. Assets are ordered by
// their strongest evidence (confidence, then kind), then by how many pieces
// they have. One query serves many accounts (the Account.relatedAssets
// field of a list goes through a dataloader), each capped at $limit assets.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
CALL (a) {
  OPTIONAL MATCH (a)-[s:SAME_AS*1..2]-(m:Account)
  WHERE all(x IN s WHERE x.confidence = 'high')
  WITH a, collect(DISTINCT m) AS others
  RETURN [a] + [m IN others WHERE m <> a] AS members
}
CALL (a, members) {
  UNWIND members AS m
  CALL (m, members) {
    MATCH (m)-[l:SAME_HANDLE]-(b:Account)
    WHERE b.platform <> m.platform AND NOT b IN members
    RETURN b, 'SAME_HANDLE' AS via, l.evidence AS evidence, l.source AS source, l.confidence AS confidence,
           null AS operation
    UNION
    MATCH (m)-[:PART_OF]->(o:Operation)<-[p:PART_OF]-(b:Account)
    WHERE NOT b IN members
    RETURN b, 'SAME_OPERATION' AS via,
           'listed in ' + coalesce(o.name, o.uid) + CASE WHEN p.evidence IS NULL OR p.evidence = '' THEN '' ELSE ': ' + p.evidence END AS evidence,
           p.source AS source, p.confidence AS confidence, o AS operation
    UNION
    MATCH (m)-[l:SAME_HANDLE]-(x:Account)-[:PART_OF]->(o:Operation)<-[p:PART_OF]-(b:Account)
    WHERE x.platform <> m.platform AND NOT b IN members AND NOT x IN members
      AND NOT EXISTS { MATCH (y:Account)-[:PART_OF]->(o) WHERE y IN members }
    RETURN b, 'SAME_HANDLE_THEN_OPERATION' AS via,
           l.evidence + ' as ' + x.uid + ', listed in ' + coalesce(o.name, o.uid) AS evidence,
           p.source AS source, 'medium' AS confidence, o AS operation
    UNION
    MATCH (m)-[s:SAME_AS]-(b:Account)
    WHERE s.confidence <> 'high' AND NOT b IN members
    RETURN b, 'CONTESTED_ALIAS' AS via, s.evidence AS evidence, s.source AS source, s.confidence AS confidence,
           null AS operation
  }
  RETURN b, via, evidence, source, confidence, operation, m.uid AS member
  UNION
  UNWIND members AS m
  MATCH (m)-[:POSTED]->(:Post)-[:LINKS]->(u:Url)
  WITH DISTINCT a, members, u LIMIT $maxUrls
  MATCH (u)<-[:LINKS]-(:Post)<-[:POSTED]-(b:Account)
  WHERE NOT b IN members AND b.platform <> a.platform
  WITH b, count(DISTINCT u) AS shared, collect(DISTINCT u.url)[..3] AS sample
  RETURN b, 'SHARED_URL' AS via,
         toString(shared) + ' shared URL(s), e.g. ' + reduce(s = '', x IN sample | s + CASE WHEN s = '' THEN '' ELSE ', ' END + x) AS evidence,
         'iograph URL match' AS source, CASE WHEN shared >= 5 THEN 'medium' ELSE 'low' END AS confidence,
         null AS operation, a.uid AS member
}
// A related handle-only record resolved (high) to an account with an id is
// that account: its evidence counts for the account, naming the record.
WITH a, members, b, via, evidence, source, confidence, operation, member,
     head(COLLECT { MATCH (b)-[:SAME_AS {confidence: 'high'}]->(c:Account) RETURN c }) AS c
WITH a, coalesce(c, b) AS asset, CASE WHEN c IS NULL THEN null ELSE b.uid END AS record,
     via, evidence, source, confidence, operation, member, members
WHERE NOT asset IN members
// One piece per distinct evidence: what the account itself shows is not
// repeated through its aliases, nor what the asset shows through its records.
WITH a, asset, via, evidence, source, confidence, operation, collect(member) AS about, collect(record) AS records, count(*) AS n
WITH a, asset, via, evidence, source, confidence, operation,
     CASE WHEN a.uid IN about THEN null ELSE head(about) END AS alias,
     CASE WHEN size(records) < n THEN null ELSE head(records) END AS assetAlias,
     CASE confidence WHEN 'disclosed' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'reported' THEN 3 WHEN 'low' THEN 4 ELSE 5 END AS confRank,
     CASE via WHEN 'SAME_OPERATION' THEN 0 WHEN 'SAME_HANDLE' THEN 1 WHEN 'SAME_HANDLE_THEN_OPERATION' THEN 2 WHEN 'SHARED_URL' THEN 3 ELSE 4 END AS viaRank
ORDER BY confRank, viaRank, alias IS NOT NULL, assetAlias IS NOT NULL, evidence
WITH a, asset, collect({via: via, source: source, confidence: confidence, alias: alias, assetAlias: assetAlias,
                        evidence: evidence + CASE WHEN alias IS NULL THEN '' ELSE ' (as ' + alias + ')' END
                                  + CASE WHEN assetAlias IS NULL THEN '' ELSE ' (through its record ' + assetAlias + ')' END,
                        operation: operation {.uid, .name, .source, .period}, rank: [confRank, viaRank]}) AS pieces
WITH a, asset, pieces
ORDER BY pieces[0].rank[0], pieces[0].rank[1], size(pieces) DESC, asset.uid
WITH a, collect({a: asset, pieces: pieces})[..$limit] AS links
RETURN a.uid AS uid, links
