// The name of every dataset, in order: what a command needs to check a
// dataset argument, without the per-dataset counts of datasets.cypher.
MATCH (d:Dataset)
RETURN d.name AS name
ORDER BY name
