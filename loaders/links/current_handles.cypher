// An account's handle is the one its latest dated observation gives (the
// source's own date, asOf: a later release's screen name replaces an
// earlier one's, whichever was loaded last, and a release's replaces an
// undated list's), so the answer does not depend on the order of the
// loads. Accounts with no dated observation (only analysts' lists) keep
// what their loads wrote. Ties go to the dataset last in name order. Only
// accounts with more than one observation, or whose handle none records,
// are looked at. $visible, when not null, names the datasets whose
// observations count (see same_handle.cypher).
MATCH (:Dataset {name: $dataset})<-[:IN_DATASET]-(a:Account)
WHERE COUNT { (a)-[o:HELD]->(:Handle) WHERE $visible IS NULL OR o.dataset IN $visible } > 1
   OR NOT EXISTS { (a)-[o:HELD]->(:Handle {handle: a.handleLower}) WHERE $visible IS NULL OR o.dataset IN $visible }
CALL (a) {
  MATCH (a)-[o:HELD]->(h:Handle)
  WHERE o.asOf IS NOT NULL AND ($visible IS NULL OR o.dataset IN $visible)
  WITH o, h ORDER BY o.asOf DESC, o.dataset DESC
  LIMIT 1
  RETURN o.handle AS handle, h.handle AS lower
}
WITH a, handle, lower
WHERE a.handle IS NULL OR a.handle <> handle
SET a.handle = handle, a.handleLower = lower
RETURN count(a) AS changed
