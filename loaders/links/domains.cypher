// Link posts to a domain they share when the data names the domain but not
// the URL (anonymised share sets list them separately).
UNWIND $rows AS r
MERGE (d:Domain {name: r.domain})
FOREACH (_ IN CASE WHEN $load IN coalesce(d.loads, []) THEN [] ELSE [1] END | SET d.loads = [l IN coalesce(d.loads, []) WHERE l <> $load] + $load);
UNWIND $rows AS r
MATCH (t:Post {uid: r.post}), (d:Domain {name: r.domain})
MERGE (t)-[e:LINKS_DOMAIN]->(d)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = [l IN coalesce(e.loads, []) WHERE l <> $load] + $load);
