// Create the retweeted, replied-to and quoted tweets this file names for the
// first time. A target may lie outside the release: it is created from its id
// alone, its time taken from the snowflake id, so latency is still known
// (its author, when a row names one, is linked by target_authors.cypher).
// Runs in the batch's prepare transaction, one batch at a time, before the
// batch's links (retweets.cypher, …) find the target by its uid.
// It returns each node's element id, with which later statements find it
// (see write.go).
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MERGE (o:Post {uid: r.uid})
  ON CREATE SET o:Tweet, o.id = r.id, o.timeMs = r.timeMs, o.loads = [$load]
FOREACH (_ IN CASE WHEN $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = [l IN coalesce(o.loads, []) WHERE l <> $load] + $load)
RETURN o.uid AS key, elementId(o) AS id
