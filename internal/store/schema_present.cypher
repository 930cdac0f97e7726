// The indexes that exist (a constraint's backing index has the constraint's
// name) and whether each is online: migrate skips the statements of those.
SHOW INDEXES YIELD name, state
RETURN name, state
