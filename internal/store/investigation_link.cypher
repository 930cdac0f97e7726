// Add seeds or pins ($rel, one of two fixed types chosen by value). Adding
// an account twice keeps its first position.
MATCH (i:Investigation {id: $id})
SET i.updatedAt = datetime($now)
WITH i
UNWIND range(0, size($uids) - 1) AS k
MATCH (a:Account {uid: $uids[k]})
FOREACH (_ IN CASE WHEN $rel = 'SEED' THEN [1] ELSE [] END |
  MERGE (i)-[r:SEED]->(a) ON CREATE SET r.at = datetime($now), r.order = k)
FOREACH (_ IN CASE WHEN $rel = 'PINNED' THEN [1] ELSE [] END |
  MERGE (i)-[r:PINNED]->(a) ON CREATE SET r.at = datetime($now), r.order = k)
RETURN count(*) AS linked
