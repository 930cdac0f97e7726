// The shortest connection between two accounts over amplification (either
// direction), same-handle links across platforms and identity links (a
// handle-only record and the account that held its handle). Only AMPLIFIED
// edges with engagements of the selected kinds count. shortestPath explores breadth-first from both
// ends, bounded by $maxHops.
MATCH (a:Account {uid: $from}), (b:Account {uid: $to})
MATCH p = shortestPath((a)-[:AMPLIFIED|SAME_HANDLE|SAME_AS*..10]-(b))
WHERE length(p) <= $maxHops AND all(r IN relationships(p) WHERE type(r) IN ['SAME_HANDLE', 'SAME_AS'] OR
      ('RETWEET' IN $kinds AND r.retweets > 0) OR ('REPLY' IN $kinds AND r.replies > 0) OR
      ('QUOTE' IN $kinds AND r.quotes > 0) OR ('MENTION' IN $kinds AND r.mentions > 0))
RETURN nodes(p) AS nodes,
       [r IN relationships(p) | {type: type(r), source: startNode(r).uid, target: endNode(r).uid,
         retweets: r.retweets, replies: r.replies, quotes: r.quotes, mentions: r.mentions,
         evidence: r.evidence, confidence: r.confidence}] AS rels
