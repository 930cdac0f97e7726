// Link tweets to the accounts they mention (user_mentions holds user ids).
// The tweet was locked by tweets.cypher in this transaction, so checking for
// the link and creating it cannot race, and the mentioned account (a seed
// that thousands of rows mention) is never locked. Rows are unique per
// statement (the writer dedupes them).
UNWIND $rows AS r
MATCH (t:Post {uid: r.post})
MATCH (a:Account {uid: r.account})
OPTIONAL MATCH (t)-[e:MENTIONS]->(a)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:MENTIONS {loads: [$load]}]->(a))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = coalesce(e.loads, []) + $load)
