// Record that a dataset's handles are observed and resolved at $version.
MATCH (d:Dataset {name: $dataset})
SET d.handlesResolved = $version
