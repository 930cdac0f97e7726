// Change a user's role or disable / enable them; null keeps a value.
MATCH (u:User {name: $name})
SET u.role = coalesce($role, u.role), u.disabled = coalesce($disabled, u.disabled)
RETURN u
