// A new user; the caller has checked that the name is free, and the
// user_name constraint refuses a concurrent twin.
CREATE (u:User {name: $name, role: $role, disabled: false, createdAt: datetime($now)})
RETURN u
