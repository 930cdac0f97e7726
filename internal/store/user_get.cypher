// One user by name.
MATCH (u:User {name: $name})
RETURN u
