// What the graph knows of accounts' handles and records, for many accounts
// in one query (Account.aliases, sameAs and handleHistory go through a
// dataloader): every handle observation (HELD) of the account, oldest first
// by the date its source gives (or the day it was loaded), with when it was
// first loaded; the handle-only records resolved to the account (aliases),
// and, for a handle-only record, the accounts it resolves to (sameAs) with
// their observations of its handle. Each list at most $max long.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
CALL (a) {
  OPTIONAL MATCH (a)-[o:HELD]->(h:Handle)
  WITH o, h, head(COLLECT { MATCH (l:Load) WHERE l.id IN o.loads RETURN l.startedAt AS at ORDER BY at }) AS loadedAt
  ORDER BY coalesce(o.asOf, toString(date(loadedAt))), loadedAt, o.dataset, h.key
  LIMIT $max
  RETURN collect(o {.handle, .source, .dataset, .evidence, .asOf, platform: h.platform, key: h.key, loadedAt: loadedAt}) AS history
}
CALL (a) {
  OPTIONAL MATCH (r:Account)-[s:SAME_AS]->(a)
  WITH r, s ORDER BY s.confidence DESC, r.uid
  LIMIT $max
  RETURN collect(s {.handle, .confidence, .evidence, .source, .asOf, account: r}) AS aliases
}
CALL (a) {
  OPTIONAL MATCH (a)-[s:SAME_AS]->(t:Account)
  WITH t, s ORDER BY s.confidence DESC, t.uid
  LIMIT $max
  CALL (a, t) {
    OPTIONAL MATCH (t)-[o:HELD]->(h:Handle {key: a.uid})
    WITH o, h, head(COLLECT { MATCH (l:Load) WHERE l.id IN o.loads RETURN l.startedAt AS at ORDER BY at }) AS loadedAt
    ORDER BY coalesce(o.asOf, toString(date(loadedAt))), loadedAt, o.dataset
    RETURN collect(o {.handle, .source, .dataset, .evidence, .asOf, platform: h.platform, key: h.key, loadedAt: loadedAt}) AS seen
  }
  RETURN collect(s {.handle, .confidence, .evidence, .source, .asOf, account: t, observations: seen}) AS sameAs
}
RETURN a.uid AS uid, history, aliases, sameAs
