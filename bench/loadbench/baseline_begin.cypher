// Open the release and the two load records, as loaders/load_begin.cypher
// does for iograph, so both graphs hold the same Dataset and Load nodes.
MERGE (d:Dataset {name: $dataset})
  ON CREATE SET d.kind = $kind, d.createdAt = datetime(), d.synthetic = true
SET d.updatedAt = datetime()
WITH d
UNWIND $loads AS load
MERGE (l:Load {id: load.id})
  ON CREATE SET l.kind = $kind, l.dataset = $dataset, l.file = load.file, l.entry = load.entry,
                l.sha256 = load.sha256, l.startedAt = datetime(), l.status = 'running', l.attempts = 1,
                l.lastAttemptAt = datetime()
MERGE (l)-[:OF_DATASET]->(d)
