// Recompute which clients (apps) each account posted from, and how often:
// an account-level fingerprint that stays small where a Client node linked
// to every tweet would become a supernode.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})-[:POSTED]->(t:Tweet)
WHERE t.client IS NOT NULL AND t.client <> ''
WITH a, t.client AS name, count(*) AS posts, min(t.timeMs) AS firstMs, max(t.timeMs) AS lastMs
MERGE (c:Client {name: name})
MERGE (a)-[u:USED_CLIENT]->(c)
SET u.posts = posts, u.firstAt = datetime({epochMillis: firstMs}), u.lastAt = datetime({epochMillis: lastMs})
SET u.loads = reduce(acc = coalesce(u.loads, []), l IN $loads | CASE WHEN l IN acc THEN acc ELSE acc + l END)
FOREACH (l IN [x IN $loads WHERE NOT x IN coalesce(c.loads, [])] | SET c.loads = coalesce(c.loads, []) + l)
