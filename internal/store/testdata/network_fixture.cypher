// A small amplification neighbourhood with known ties, for the network
// tests: seed S is amplified by A1..A5 (totals 10, 9, 8, 7, 6); in the second
// hop A1 and A2 both amplify T1 (5 + 4 = a tie of 9), A3 amplifies T2 (20),
// A4 mentions T3 once, and A1 amplifies A2 (3: an edge inside the frontier).
UNWIND ['S', 'A1', 'A2', 'A3', 'A4', 'A5', 'T1', 'T2', 'T3'] AS h
CREATE (:Account {uid: 'twitter:' + h, platform: 'TWITTER', kind: 'account', id: h, handle: toLower(h), handleLower: toLower(h)})
WITH count(*) AS made
UNWIND [
  ['A1', 'S', 10, 0], ['A2', 'S', 9, 0], ['A3', 'S', 8, 0], ['A4', 'S', 7, 0], ['A5', 'S', 6, 0],
  ['A1', 'T1', 5, 0], ['A2', 'T1', 4, 0], ['A3', 'T2', 20, 0], ['A4', 'T3', 0, 1], ['A1', 'A2', 3, 0]
] AS e
MATCH (a:Account {uid: 'twitter:' + e[0]}), (b:Account {uid: 'twitter:' + e[1]})
CREATE (a)-[:AMPLIFIED {retweets: e[2], replies: 0, quotes: 0, mentions: e[3], total: e[2] + e[3],
                        firstAtMs: 1564617600000, lastAtMs: 1564621200000}]->(b)
