// Accounts with a handle (compared lower-cased through the handleLower index),
// optionally on one platform.
MATCH (a:Account {handleLower: $handle})
WHERE $platform IS NULL OR a.platform = $platform
RETURN a
ORDER BY a.uid
LIMIT 20
