// Link posts to their hashtags.
UNWIND $rows AS r
MATCH (t:Post {uid: r.post})
MERGE (h:Hashtag {tag: r.tag})
FOREACH (_ IN CASE WHEN $load IN coalesce(h.loads, []) THEN [] ELSE [1] END | SET h.loads = coalesce(h.loads, []) + $load)
MERGE (t)-[e:TAGS]->(h)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
