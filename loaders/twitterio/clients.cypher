// Recompute which clients (apps) each account posted from, and how often:
// an account-level fingerprint that stays small where a Client node linked
// to every tweet would become a supernode.
//
// As in amplified.cypher, links are checked and created, locking neither
// the account nor the Client, which thousands of accounts share, and a
// duplicate left by two derivations at once is deleted by the next. Rows
// are unique per (a, name) by the aggregation.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
MATCH (a)-[:POSTED]->(t:Tweet)
WHERE t.client IS NOT NULL AND t.client <> ''
WITH a, t.client AS name, count(*) AS posts, min(t.timeMs) AS firstMs, max(t.timeMs) AS lastMs
// Clients are locked (MERGE, SET) in one order in every chunk, so two chunks
// wait for each other rather than deadlock.
ORDER BY name
MERGE (c:Client {name: name})
FOREACH (l IN [x IN $loads WHERE NOT x IN coalesce(c.loads, [])] | SET c.loads = [y IN coalesce(c.loads, []) WHERE y <> l] + l)
WITH a, c, {posts: posts, firstAt: datetime({epochMillis: firstMs}), lastAt: datetime({epochMillis: lastMs})} AS props
OPTIONAL MATCH (a)-[u:USED_CLIENT]->(c)
WITH a, c, props, collect(u) AS us
FOREACH (_ IN CASE WHEN size(us) = 0 THEN [1] ELSE [] END |
  CREATE (a)-[n:USED_CLIENT]->(c)
  SET n = props, n.loads = reduce(acc = [], l IN $loads | CASE WHEN l IN acc THEN acc ELSE acc + l END))
FOREACH (u IN us[0..1] |
  SET u += props, u.loads = reduce(acc = coalesce(u.loads, []), l IN $loads | CASE WHEN l IN acc THEN acc ELSE acc + l END))
FOREACH (u IN us[1..] | DELETE u)
