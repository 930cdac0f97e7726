// Close one file's load: record its counts and drop the resume markers.
MATCH (l:Load {id: $id})
SET l.status = 'complete', l.finishedAt = datetime(), l.error = null, l.rows = $rows,
    l.accepted = $accepted, l.rejected = $rejected, l.blank = $blank, l.batches = $batches
WITH l
OPTIONAL MATCH (b:LoadBatch {load: l.id})
DELETE b
RETURN count(b) AS markers
