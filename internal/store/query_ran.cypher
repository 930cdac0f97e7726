// Record that a saved query ran.
MATCH (q:SavedQuery {id: $id})
SET q.lastRunAt = datetime($now)
RETURN q.id AS id
