// Open (or re-open) the record of one file's load. The id is derived from the
// format, the dataset and the file's sha256, so loading the same bytes again
// finds the same record: a complete one is skipped, a running one (killed
// before) resumes after its committed batches.
MERGE (d:Dataset {name: $dataset})
  ON CREATE SET d.kind = $kind, d.createdAt = datetime(), d.synthetic = $synthetic
SET d.updatedAt = datetime()
MERGE (l:Load {id: $id})
  ON CREATE SET l.kind = $kind, l.dataset = $dataset, l.file = $file, l.entry = $entry,
                l.sha256 = $sha256, l.startedAt = datetime(), l.status = 'running', l.attempts = 0
SET l.attempts = l.attempts + 1,
    l.status = CASE WHEN l.status = 'complete' AND NOT $force THEN 'complete' ELSE 'running' END,
    l.lastAttemptAt = datetime()
MERGE (l)-[:OF_DATASET]->(d)
WITH l
OPTIONAL MATCH (b:LoadBatch {load: l.id})
RETURN l.status AS status, collect(b.index) AS done
