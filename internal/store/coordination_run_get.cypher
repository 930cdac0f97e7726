// One saved coordination run by id.
MATCH (r:CoordinationRun {id: $id})
RETURN r.id AS id, r.name AS name, r.savedAt AS savedAt, r.input AS input, r.version AS version, r.result AS result
