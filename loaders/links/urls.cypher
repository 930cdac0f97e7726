// Link posts to the URLs they share and each URL to its domain: nodes
// first, then links (see loaders.Statements).
UNWIND $rows AS r
MERGE (u:Url {url: r.url})
FOREACH (_ IN CASE WHEN $load IN coalesce(u.loads, []) THEN [] ELSE [1] END | SET u.loads = [l IN coalesce(u.loads, []) WHERE l <> $load] + $load);
UNWIND [r IN $rows WHERE r.domain <> ''] AS r
MERGE (d:Domain {name: r.domain})
FOREACH (_ IN CASE WHEN $load IN coalesce(d.loads, []) THEN [] ELSE [1] END | SET d.loads = [l IN coalesce(d.loads, []) WHERE l <> $load] + $load);
UNWIND $rows AS r
MATCH (t:Post {uid: r.post}), (u:Url {url: r.url})
MERGE (t)-[e:LINKS]->(u)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = [l IN coalesce(e.loads, []) WHERE l <> $load] + $load);
UNWIND [r IN $rows WHERE r.domain <> ''] AS r
MATCH (u:Url {url: r.url}), (d:Domain {name: r.domain})
MERGE (u)-[o:ON_DOMAIN]->(d)
FOREACH (_ IN CASE WHEN $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = [l IN coalesce(o.loads, []) WHERE l <> $load] + $load);
