// Upsert tweets and who posted them. SET locks the tweet (new or not), so
// checking for its POSTED and creating it cannot race with another writer;
// the author, shared by thousands of tweets and both workers, is never
// locked, as a relationship MERGE would lock it until commit. The author is
// MERGEd: the batch that describes it may still be in flight on the other
// worker. Rows are unique per statement (the writer dedupes them). It returns
// each tweet's element id, with which the batch's later statements find it
// without an index seek.
UNWIND $rows AS r
MERGE (t:Post {uid: r.uid})
  ON CREATE SET t.loads = [$load]
SET t:Tweet, t += r.props
FOREACH (_ IN CASE WHEN $load IN t.loads THEN [] ELSE [1] END | SET t.loads = coalesce(t.loads, []) + $load)
WITH t, r
MERGE (a:Account {uid: r.author})
  ON CREATE SET a.platform = 'twitter', a.kind = 'account', a.id = r.authorId, a.hashed = r.authorHashed, a.loads = [$load]
WITH t, a, r
OPTIONAL MATCH (a)-[p:POSTED]->(t)
FOREACH (_ IN CASE WHEN p IS NULL THEN [1] ELSE [] END | CREATE (a)-[:POSTED {loads: [$load]}]->(t))
FOREACH (_ IN CASE WHEN p IS NULL OR $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = coalesce(p.loads, []) + $load)
RETURN r.uid AS key, elementId(t) AS id
