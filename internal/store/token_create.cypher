// A token issued to an existing user; only the secret's hash is kept.
MATCH (u:User {name: $user})
CREATE (t:Token {id: $id, hash: $hash, user: u.name, kind: $kind, note: $note, createdAt: datetime($now),
                 expiresAt: CASE WHEN $expires IS NULL THEN null ELSE datetime($expires) END})-[:ISSUED_TO]->(u)
RETURN t
