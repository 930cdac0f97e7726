// Upsert tweets and who posted them, in the batch's own transaction (one
// batch at a time, in batch order, committed before any batch links to
// these tweets: the property writes lock each tweet, and a tweet that other
// batches retweet must not stay locked while they run). The author was
// written by this or an earlier prepare transaction, which returned its
// element id (r.a): it is found by it and checked against label and uid, as
// the links find their nodes (retweets.cypher); a row whose author is not
// found returns nothing, and the loader fails the batch, which rolls it
// back. SET locks the tweet,
// and own transactions run one at a time, so checking for its POSTED and
// creating it cannot race. Rows are unique per statement (the writer dedupes
// them). It returns each tweet's element id, with which the batch's links
// find it without an index seek.
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MERGE (t:Post {uid: r.uid})
  ON CREATE SET t.loads = [$load]
SET t:Tweet, t += r.props
FOREACH (_ IN CASE WHEN $load IN t.loads THEN [] ELSE [1] END | SET t.loads = coalesce(t.loads, []) + $load)
WITH t, r
MATCH (a) WHERE elementId(a) = r.a AND 'Account' IN labels(a) AND a.uid = r.author
OPTIONAL MATCH (a)-[p:POSTED]->(t)
FOREACH (_ IN CASE WHEN p IS NULL THEN [1] ELSE [] END | CREATE (a)-[:POSTED {loads: [$load]}]->(t))
FOREACH (_ IN CASE WHEN p IS NULL OR $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = coalesce(p.loads, []) + $load)
RETURN r.uid AS key, elementId(t) AS id
