// Upsert the batch's tweets, in the batch's own transaction (one batch at
// a time, in batch order, committed before any batch links to these
// tweets: the property writes lock each tweet, and a tweet that other
// batches retweet must not stay locked while they run). Who posted them is
// linked in the links transaction (posted.cypher), which keeps this stage,
// the one that runs one batch at a time, short. Rows are unique per
// statement (the writer dedupes them). It returns each tweet's element id,
// with which later statements find it without an index seek.
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MERGE (t:Post {uid: r.uid})
  ON CREATE SET t.loads = [$load]
SET t:Tweet, t += r.props
FOREACH (_ IN CASE WHEN $load IN t.loads THEN [] ELSE [1] END | SET t.loads = [l IN coalesce(t.loads, []) WHERE l <> $load] + $load)
RETURN r.uid AS key, elementId(t) AS id
