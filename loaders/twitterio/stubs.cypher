// Accounts referred to but not described (retweeted, replied to or mentioned
// authors, often outside the release): create them with their id only,
// never overwriting what a users file said.
// It returns each node's element id, with which later statements find it
// (see write.go).
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MERGE (a:Account {uid: r.uid})
  ON CREATE SET a.platform = 'twitter', a.kind = 'account', a.id = r.id, a.hashed = r.hashed
FOREACH (_ IN CASE WHEN $load IN coalesce(a.loads, []) THEN [] ELSE [1] END | SET a.loads = [l IN coalesce(a.loads, []) WHERE l <> $load] + $load)
RETURN a.uid AS key, elementId(a) AS id
