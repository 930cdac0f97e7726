// Saved coordination runs, newest first, without their (large) results.
MATCH (r:CoordinationRun)
RETURN r.id AS id, r.name AS name, r.savedAt AS savedAt, r.input AS input, r.version AS version, null AS result
ORDER BY r.savedAt DESC, r.id
LIMIT $limit
