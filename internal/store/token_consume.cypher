// Use a one-time login secret: the first SET takes the token's write lock,
// so of two concurrent exchanges the second re-reads usedAt and gets nothing.
MATCH (t:Token {hash: $hash})
WHERE t.kind = 'LOGIN'
SET t.lock = true
WITH t
MATCH (t)-[:ISSUED_TO]->(u:User)
WHERE t.usedAt IS NULL AND t.revokedAt IS NULL AND t.expiresAt > datetime($now) AND NOT u.disabled
SET t.usedAt = datetime($now), t.revokedAt = datetime($now)
REMOVE t.lock
RETURN u.name AS user, u.role AS role
