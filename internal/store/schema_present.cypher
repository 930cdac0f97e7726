// The indexes that exist (a constraint's backing index has the constraint's
// name): migrate skips the statements that create those.
SHOW INDEXES YIELD name
RETURN name
