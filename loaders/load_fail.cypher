// Mark one file's load failed, with why and what it had counted. Its resume
// markers stay: running the same command again resumes after the batches
// that committed, and the record says running again until it ends.
MATCH (l:Load {id: $id})
SET l.status = 'failed', l.error = $error, l.failedAt = datetime(), l.rows = $rows,
    l.accepted = $accepted, l.rejected = $rejected, l.blank = $blank, l.batches = $batches
RETURN l.id AS id
