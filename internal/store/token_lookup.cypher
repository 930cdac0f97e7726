// The token behind a presented secret and its user, if both still stand.
MATCH (t:Token {hash: $hash})-[:ISSUED_TO]->(u:User)
WHERE t.revokedAt IS NULL AND (t.expiresAt IS NULL OR t.expiresAt > datetime($now)) AND NOT u.disabled
RETURN t.id AS id, t.kind AS kind, u.name AS user, u.role AS role
