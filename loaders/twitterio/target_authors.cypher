// Link retweeted and replied-to tweets to their authors, named by the
// engaging row (retweet_userid, in_reply_to_userid), so an original outside
// the release still has an author. Each (tweet, author) pair the file names
// comes here once, in a batch's own transaction; own transactions run one
// at a time, so no other transaction creates the tweet's POSTED meanwhile
// and checking for it and creating it cannot race. Both nodes were written
// before: by a prepare transaction (targets.cypher, accounts.cypher,
// stubs.cypher), or by tweets.cypher in this transaction or in an earlier
// batch's. Rows are unique per statement. Both nodes are found by element
// id and checked against label and key, as the links are (retweets.cypher).
// An engaged tweet whose row came earlier in the file naming the same
// author is not sent here: its own row's tweets.cypher linked them.
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MATCH (o) WHERE elementId(o) = r.o AND 'Post' IN labels(o) AND o.uid = r.post
MATCH (s) WHERE elementId(s) = r.s AND 'Account' IN labels(s) AND s.uid = r.author
OPTIONAL MATCH (s)-[p:POSTED]->(o)
FOREACH (_ IN CASE WHEN p IS NULL THEN [1] ELSE [] END | CREATE (s)-[:POSTED {loads: [$load]}]->(o))
FOREACH (_ IN CASE WHEN p IS NULL OR $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = coalesce(p.loads, []) + $load)
RETURN count(*) AS matched
