// Recompute which clients (apps) each account posted from, and how often:
// an account-level fingerprint that stays small where a Client node linked
// to every tweet would become a supernode.
//
// As in amplified.cypher, the account is locked before its links are
// checked and created, never the Client, which thousands of accounts share.
// Rows are unique per (a, name) by the aggregation.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
SET a:Account
WITH a
MATCH (a)-[:POSTED]->(t:Tweet)
WHERE t.client IS NOT NULL AND t.client <> ''
WITH a, t.client AS name, count(*) AS posts, min(t.timeMs) AS firstMs, max(t.timeMs) AS lastMs
// Clients are locked (MERGE, SET) in one order in every chunk, so two chunks
// wait for each other rather than deadlock.
ORDER BY name
MERGE (c:Client {name: name})
FOREACH (l IN [x IN $loads WHERE NOT x IN coalesce(c.loads, [])] | SET c.loads = coalesce(c.loads, []) + l)
WITH a, c, {posts: posts, firstAt: datetime({epochMillis: firstMs}), lastAt: datetime({epochMillis: lastMs})} AS props
OPTIONAL MATCH (a)-[u:USED_CLIENT]->(c)
FOREACH (_ IN CASE WHEN u IS NULL THEN [1] ELSE [] END |
  CREATE (a)-[n:USED_CLIENT]->(c)
  SET n = props, n.loads = reduce(acc = [], l IN $loads | CASE WHEN l IN acc THEN acc ELSE acc + l END))
FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END |
  SET u += props, u.loads = reduce(acc = coalesce(u.loads, []), l IN $loads | CASE WHEN l IN acc THEN acc ELSE acc + l END))
