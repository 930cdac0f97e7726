// Link a share to the post it re-shares (CooRTweet's object: the retweeted
// tweet), which may be known by its id alone.
UNWIND $rows AS r
MERGE (o:Post {uid: r.object})
  ON CREATE SET o.id = r.objectId, o.platform = r.platform
FOREACH (_ IN CASE WHEN $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = [l IN coalesce(o.loads, []) WHERE l <> $load] + $load);
UNWIND $rows AS r
MATCH (p:Post {uid: r.post}), (o:Post {uid: r.object})
MERGE (p)-[e:RETWEET_OF]->(o)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = [l IN coalesce(e.loads, []) WHERE l <> $load] + $load);
