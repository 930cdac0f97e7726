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
// One row, the accounts in order, as network_nodes.cypher gives them (so
// that no second query reads them; a record each would cost more than the
// query: see network_edges_heaviest.cypher).
RETURN collect({
  props: b {.uid, .platform, .kind, .handle, .name, .hashed, .followers, .createdAt},
  eid: elementId(b), degree: COUNT { (b)-[:AMPLIFIED]-() }
}) AS accounts
