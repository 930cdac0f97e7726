// Link posts to their hashtags: the hashtags first, then the links (see
// loaders.Statements for why they are separate statements).
UNWIND $rows AS r
MERGE (h:Hashtag {tag: r.tag})
FOREACH (_ IN CASE WHEN $load IN coalesce(h.loads, []) THEN [] ELSE [1] END | SET h.loads = [l IN coalesce(h.loads, []) WHERE l <> $load] + $load);
UNWIND $rows AS r
MATCH (t:Post {uid: r.post}), (h:Hashtag {tag: r.tag})
MERGE (t)-[e:TAGS]->(h)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = [l IN coalesce(e.loads, []) WHERE l <> $load] + $load);
