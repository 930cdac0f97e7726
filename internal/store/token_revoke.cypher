// Revoke a token by id, or the token behind a secret (logging out); a token
// revoked before keeps its first revocation time.
MATCH (t:Token)
WHERE ($id IS NOT NULL AND t.id = $id) OR ($hash IS NOT NULL AND t.hash = $hash)
SET t.revokedAt = coalesce(t.revokedAt, datetime($now))
RETURN t
