// Tokens of one user or of all, newest first, without their hashes.
MATCH (t:Token)
WHERE ($user IS NULL OR t.user = $user) AND t.kind IN $kinds
  AND ($active = false OR (t.revokedAt IS NULL AND (t.expiresAt IS NULL OR t.expiresAt > datetime($now))))
RETURN t ORDER BY t.createdAt DESC, t.id
LIMIT $limit
