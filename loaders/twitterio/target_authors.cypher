// Link retweeted and replied-to tweets to their authors, named by the
// engaging row (retweet_userid, in_reply_to_userid), so an original outside
// the release still has an author. The target is usually a seed tweet that
// many rows share: it is locked (a no-op SET of its label) only when the
// link is missing, and the check is repeated under that lock, so two writers
// never create the same link. The author is MERGEd: the batch that describes
// or first references it may still be in flight on the other worker. Rows
// are unique per statement (the writer dedupes them); r.o is the target's
// element id (from the statement that linked to it).
UNWIND $rows AS r
MATCH (o:Post) WHERE elementId(o) = r.o
MERGE (s:Account {uid: r.author})
  ON CREATE SET s.platform = 'twitter', s.kind = 'account', s.id = r.authorId, s.hashed = r.authorHashed, s.loads = [$load]
WITH o, s
OPTIONAL MATCH (s)-[p:POSTED]->(o)
FOREACH (_ IN CASE WHEN p IS NULL OR $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = coalesce(p.loads, []) + $load)
WITH o, s, p
WHERE p IS NULL
SET o:Post
WITH o, s
WHERE NOT EXISTS { (s)-[:POSTED]->(o) }
CREATE (s)-[:POSTED {loads: [$load]}]->(o)
