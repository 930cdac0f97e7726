// Open an investigation with its first seeds (checked to exist beforehand,
// in the same transaction).
CREATE (i:Investigation {id: $id, title: $title, description: $description, author: $author, tags: $tags,
                         status: 'OPEN', createdAt: datetime($now), updatedAt: datetime($now)})
WITH i
UNWIND range(0, size($seeds) - 1) AS k
MATCH (a:Account {uid: $seeds[k]})
MERGE (i)-[r:SEED]->(a)
  ON CREATE SET r.at = datetime($now), r.order = k
RETURN count(*) AS linked
