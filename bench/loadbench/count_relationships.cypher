// Relationships per type, with the provenance they record.
MATCH ()-[r]->()
RETURN type(r) AS name, count(*) AS n, sum(size(coalesce(r.loads, []))) AS loads
ORDER BY name
