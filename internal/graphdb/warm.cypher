// Holds a connection for a moment: Warm runs it in many transactions at
// once so that each has a connection of its own.
RETURN 1 AS ok
