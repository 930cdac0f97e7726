// Link tweets to the accounts they mention (user_mentions holds user ids).
UNWIND $rows AS r
MATCH (t:Post {uid: r.post}), (a:Account {uid: r.account})
MERGE (t)-[e:MENTIONS]->(a)
FOREACH (_ IN CASE WHEN $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
