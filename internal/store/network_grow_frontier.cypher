// The accounts one hop adds, read from the frontier: every AMPLIFIED edge
// of the frontier whose far account is not in the network yet ($known:
// element ids; the test reads nothing), of at least $minWeight engagements
// of the selected kinds; the far accounts by their summed weight to the
// frontier, heaviest first, at most $room. Chosen when the frontier has
// fewer edges than the accounts outside the network.
UNWIND $frontier AS uid
MATCH (:Account {uid: uid})-[x:AMPLIFIED]-(b)
WHERE $known[elementId(b)] IS NULL
WITH b,
     CASE WHEN $allKinds THEN x.total ELSE
       CASE WHEN 'RETWEET' IN $kinds THEN x.retweets ELSE 0 END + CASE WHEN 'REPLY' IN $kinds THEN x.replies ELSE 0 END +
       CASE WHEN 'QUOTE' IN $kinds THEN x.quotes ELSE 0 END + CASE WHEN 'MENTION' IN $kinds THEN x.mentions ELSE 0 END
     END AS weight
WHERE weight >= $minWeight
WITH b, sum(weight) AS tie
WITH b, b.uid AS node, tie
ORDER BY tie DESC, node
LIMIT $room
// One row, the accounts in order (a record each would cost more than the
// query: see network_edges_heaviest.cypher), each [uid, element id, AMPLIFIED
// degree (from the degree store), tie]: what the next hop plans with. What
// they show is read once the network is complete (network_nodes.cypher).
RETURN collect([node, elementId(b), COUNT { (b)-[:AMPLIFIED]-() }, tie]) AS accounts
