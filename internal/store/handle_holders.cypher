// The accounts that held a handle (lower-cased, without @), on $platform
// when it is not null, with the observations that say so: every account a
// source observed with the handle (HELD to its Handle node), a handle-only
// record replaced by the accounts it resolves to (SAME_AS) and kept itself
// when nothing resolves it; and accounts whose current handle it is that no
// observation of it records (loaded before observations were kept, and
// websites, whose handle is their domain). At most 20, by platform and id.
CALL () {
  MATCH (h:Handle {handle: $handle})
  WHERE $platform IS NULL OR h.platform = $platform
  MATCH (a:Account)-[:HELD]->(h)
  OPTIONAL MATCH (a)-[:SAME_AS]->(t:Account)
  WITH a, collect(t) AS targets
  UNWIND CASE size(targets) WHEN 0 THEN [a] ELSE targets END AS holder
  RETURN holder
  UNION
  MATCH (holder:Account {handleLower: $handle})
  WHERE ($platform IS NULL OR holder.platform = $platform)
    AND NOT EXISTS { (holder)-[:HELD]->(:Handle {handle: $handle}) }
    AND NOT EXISTS { (holder)-[:SAME_AS]->(:Account) }
  RETURN holder
}
WITH DISTINCT holder
ORDER BY holder.platform, holder.uid
LIMIT 20
CALL (holder) {
  OPTIONAL MATCH (holder)-[o:HELD]->(h:Handle {handle: $handle})
  WHERE $platform IS NULL OR h.platform = $platform
  WITH o, h, head(COLLECT { MATCH (l:Load) WHERE l.id IN o.loads RETURN l.startedAt AS at ORDER BY at }) AS loadedAt
  ORDER BY coalesce(o.asOf, toString(date(loadedAt))), loadedAt, o.dataset
  RETURN collect(o {.handle, .source, .dataset, .evidence, .asOf, platform: h.platform, key: h.key, loadedAt: loadedAt}) AS observations
}
CALL (holder) {
  OPTIONAL MATCH (r:Account)-[s:SAME_AS]->(holder)
  WHERE s.handle = $handle
  WITH r ORDER BY r.uid
  RETURN collect(r) AS aliases
}
RETURN holder AS a, observations, aliases
