// The client apps of many accounts at once, most used first.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
RETURN uid, [(a)-[u:USED_CLIENT]->(c:Client) | {name: c.name, posts: u.posts, firstAt: u.firstAt, lastAt: u.lastAt}] AS clients
