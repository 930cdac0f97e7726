// Every node as (labels, properties), for comparing whole graphs in tests.
// Load records and resume markers carry times and attempt counts, so they
// are left out.
MATCH (n)
WHERE NOT n:Load AND NOT n:LoadBatch
RETURN labels(n) AS labels, properties(n) AS props
