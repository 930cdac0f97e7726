// Link tweets to the accounts they mention (user_mentions holds user ids,
// and a reply whose tweet id the release withheld names its account). The
// account was created by a prepare transaction that committed before this
// statement runs (stubs.cypher, accounts.cypher); creating a relationship to
// it takes no lock that another batch mentioning the same (often seed)
// account waits for. No other batch that creates links of the same tweets
// runs meanwhile (the writer's keys), so checking for the link and creating
// it cannot race. Rows are unique per statement.
// Both ends are found by element id (r.t, r.o), returned by the statements
// that wrote them (see write.go), and checked against their label and key
// (r.post, r.to) so that an id can never point elsewhere; the MATCH names no
// label, or Neo4j would seek the key's index instead. It returns how many
// rows found both ends, and the loader fails the batch unless all did.
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MATCH (t) WHERE elementId(t) = r.t AND 'Post' IN labels(t) AND t.uid = r.post
MATCH (a) WHERE elementId(a) = r.o AND 'Account' IN labels(a) AND a.uid = r.to
OPTIONAL MATCH (t)-[e:MENTIONS]->(a)
FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (t)-[:MENTIONS {loads: [$load]}]->(a))
FOREACH (_ IN CASE WHEN e IS NULL OR $load IN coalesce(e.loads, []) THEN [] ELSE [1] END | SET e.loads = [l IN coalesce(e.loads, []) WHERE l <> $load] + $load)
RETURN count(*) AS matched
