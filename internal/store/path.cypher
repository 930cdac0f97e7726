// The shortest connection between two accounts over amplification (either
// direction), same-handle links across platforms and identity links (a
// handle-only record and the account that held its handle). Only AMPLIFIED
// edges with engagements of the selected kinds count. SHORTEST searches breadth-first from both ends
// with the relationship predicate applied as it expands, never longer than
// {1,6}, so "no connection" answers as fast as a connection: the legacy
// shortestPath with a length predicate fell back to an exhaustive search of
// every path and ran until the query timeout. The 6 is the largest maxHops
// the API accepts (store.MaxPathHops; a quantifier cannot be a parameter);
// $maxHops shortens the answer, not the search.
MATCH (a:Account {uid: $from}), (b:Account {uid: $to})
MATCH p = SHORTEST 1 (a)-[r:AMPLIFIED|SAME_HANDLE|SAME_AS WHERE type(r) IN ['SAME_HANDLE', 'SAME_AS'] OR
      ('RETWEET' IN $kinds AND r.retweets > 0) OR ('REPLY' IN $kinds AND r.replies > 0) OR
      ('QUOTE' IN $kinds AND r.quotes > 0) OR ('MENTION' IN $kinds AND r.mentions > 0)]-{1,6}(b)
WHERE length(p) <= $maxHops
RETURN nodes(p) AS nodes,
       [r IN relationships(p) | {type: type(r), source: startNode(r).uid, target: endNode(r).uid,
         retweets: r.retweets, replies: r.replies, quotes: r.quotes, mentions: r.mentions,
         evidence: r.evidence, confidence: r.confidence}] AS rels
