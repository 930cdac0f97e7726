// Every user, by name.
MATCH (u:User)
RETURN u ORDER BY u.name
