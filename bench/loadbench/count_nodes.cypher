// Nodes per label, with the provenance they record (the length of their
// loads lists), for comparing two loads of the same release.
MATCH (n)
UNWIND labels(n) AS label
RETURN label AS name, count(*) AS n, sum(size(coalesce(n.loads, []))) AS loads
ORDER BY name
