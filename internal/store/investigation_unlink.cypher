// Remove seeds or pins ($rel, one of two fixed types chosen by value).
MATCH (i:Investigation {id: $id})
SET i.updatedAt = datetime($now)
WITH i
OPTIONAL MATCH (i)-[r:SEED|PINNED]->(a:Account)
WHERE type(r) = $rel AND a.uid IN $uids
DELETE r
RETURN count(r) AS removed
