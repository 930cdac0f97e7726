// Link posts to the URLs they share and each URL to its domain.
UNWIND $rows AS r
MATCH (t:Post {uid: r.post})
MERGE (u:Url {url: r.url})
FOREACH (_ IN CASE WHEN $load IN coalesce(u.loads, []) THEN [] ELSE [1] END | SET u.loads = coalesce(u.loads, []) + $load)
MERGE (t)-[e:LINKS]->(u)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
WITH u, r
WHERE r.domain <> ''
MERGE (d:Domain {name: r.domain})
FOREACH (_ IN CASE WHEN $load IN coalesce(d.loads, []) THEN [] ELSE [1] END | SET d.loads = coalesce(d.loads, []) + $load)
MERGE (u)-[o:ON_DOMAIN]->(d)
FOREACH (_ IN CASE WHEN $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = coalesce(o.loads, []) + $load)
