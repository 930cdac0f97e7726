// Link tweets to the accounts they mention (user_mentions holds user ids).
// The tweet was locked by tweets.cypher in this transaction, so checking for
// the link and creating it cannot race, and the mentioned account (a seed
// that thousands of rows mention) is never locked. The account is MERGEd:
// the batch that describes or first references it may still be in flight on
// the other worker. Rows are unique per statement (the writer dedupes them);
// r.t is the tweet's element id (from tweets.cypher).
UNWIND $rows AS r
MATCH (t:Post) WHERE elementId(t) = r.t
MERGE (a:Account {uid: r.account})
  ON CREATE SET a.platform = 'twitter', a.kind = 'account', a.id = r.accountId, a.hashed = r.accountHashed, a.loads = [$load]
WITH t, a
OPTIONAL MATCH (t)-[e:MENTIONS]->(a)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:MENTIONS {loads: [$load]}]->(a))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
