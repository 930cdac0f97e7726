// Identity resolution: link every account known only by a handle
// (`twitter:@name`, from a takedown list or a disclosure) to each account
// with an id of its own that a source observed with that handle (HELD, see
// handles.cypher), on the same platform, compared case-insensitively
// through the Handle node they share. It runs after every load for the
// handles the dataset's accounts hold, so the order of the loads does not
// matter: a disclosure loaded first is linked when the release with the id
// comes, and a release loaded first when the disclosure comes. Identities
// are never merged: SAME_AS carries the evidence (which sources observed
// the account with the handle, and as of when), and `contested` when more
// than one account held the handle (handles change hands), in which case
// the handle alone cannot say which account the reference meant.
// Observations only accumulate, so recomputing every link of a handle is
// idempotent. Hashed release accounts are never observed with a handle.
// $visible, when not null, names the datasets whose accounts and
// observations count (an import resolves as the loads of its files, one
// after the other, would have).
MATCH (:Dataset {name: $dataset})<-[:IN_DATASET]-(:Account)-[oh:HELD]->(h:Handle)
WHERE $visible IS NULL OR oh.dataset IN $visible
WITH DISTINCT h
MATCH (ref:Account {uid: h.key})
WHERE $visible IS NULL OR EXISTS { (ref)-[:IN_DATASET]->(d:Dataset) WHERE d.name IN $visible }
CALL (h, ref) {
  MATCH (acc:Account)-[oc:HELD]->(h)
  WHERE acc <> ref AND ($visible IS NULL OR oc.dataset IN $visible)
  WITH DISTINCT acc
  ORDER BY acc.uid
  RETURN collect(acc) AS holders
}
UNWIND holders AS acc
CALL (h, ref, acc, holders) {
  MATCH (acc)-[o:HELD]->(h)
  WHERE $visible IS NULL OR o.dataset IN $visible
  WITH h, ref, acc, holders, o ORDER BY coalesce(o.asOf, ''), o.dataset
  WITH h, ref, acc, holders, collect('@' + o.handle + ' in ' + o.source + CASE WHEN o.asOf IS NULL THEN '' ELSE ' (as of ' + o.asOf + ')' END) AS seen,
       collect(DISTINCT o.source) AS sources, max(o.asOf) AS asOf
  MERGE (ref)-[s:SAME_AS]->(acc)
  SET s.handle = h.handle,
      s.confidence = CASE size(holders) WHEN 1 THEN 'high' ELSE 'contested' END,
      s.evidence = acc.uid + ' held the handle: ' + reduce(t = '', x IN seen | t + CASE t WHEN '' THEN '' ELSE '; ' END + x)
                   + CASE size(holders) WHEN 1 THEN '' ELSE '; ' + toString(size(holders) - 1) + ' other account(s) held it too' END,
      s.source = reduce(t = '', x IN sources | t + CASE t WHEN '' THEN '' ELSE ', ' END + x),
      s.asOf = asOf
  FOREACH (_ IN CASE WHEN $load IN coalesce(s.loads, []) THEN [] ELSE [1] END | SET s.loads = [l IN coalesce(s.loads, []) WHERE l <> $load] + $load)
  RETURN s
}
RETURN count(s) AS links
