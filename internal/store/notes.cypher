// Notes of an investigation (its own and those on its nodes) or about a
// node, newest first.
MATCH (n:Note)
WHERE ($investigation IS NOT NULL AND EXISTS { (:Investigation {id: $investigation})-[:HAS_NOTE]->(n) })
   OR ($about IS NOT NULL AND EXISTS { (n)-[:ABOUT]->(x) WHERE x.uid = $about })
OPTIONAL MATCH (n)-[:ABOUT]->(x)
OPTIONAL MATCH (i:Investigation)-[:HAS_NOTE]->(n)
RETURN n, x.uid AS about, i.id AS investigation
ORDER BY n.createdAt DESC, n.id
