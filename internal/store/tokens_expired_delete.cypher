// Sessions and login links a day past their end are of no use to anyone:
// drop them so they do not pile up. API tokens stay, revoked or not, as the
// audit log names them.
MATCH (t:Token {user: $user})
WHERE t.kind IN ['SESSION', 'LOGIN'] AND t.expiresAt < datetime($now) - duration('P1D')
DETACH DELETE t
