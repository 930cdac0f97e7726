// Link tweets to their authors: the batch's own tweets to the accounts
// their rows name, and retweeted and replied-to tweets to the authors the
// engaging rows name (retweet_userid, in_reply_to_userid), so an original
// outside the release still has an author. It runs in the batch's links
// transaction, after every batch's own transaction up to this one has
// committed the tweets; the accounts were written by prepare transactions.
// Creating a relationship to an author takes no lock that another batch
// linking the same (often seed) author waits for. Every tweet linked here
// is one of the batch's keys, so no other batch checks for and creates its
// POSTED meanwhile (an engaged tweet whose row came earlier naming the same
// author is not sent here: its row's POSTED is that link). Rows are unique
// per statement. Both nodes are found by element id and checked against
// label and key, as the links are (retweets.cypher).
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MATCH (o) WHERE elementId(o) = r.o AND 'Post' IN labels(o) AND o.uid = r.post
MATCH (s) WHERE elementId(s) = r.s AND 'Account' IN labels(s) AND s.uid = r.author
OPTIONAL MATCH (s)-[p:POSTED]->(o)
FOREACH (_ IN CASE WHEN p IS NULL THEN [1] ELSE [] END | CREATE (s)-[:POSTED {loads: [$load]}]->(o))
FOREACH (_ IN CASE WHEN p IS NULL OR $load IN coalesce(p.loads, []) THEN [] ELSE [1] END | SET p.loads = [l IN coalesce(p.loads, []) WHERE l <> $load] + $load)
RETURN count(*) AS matched
