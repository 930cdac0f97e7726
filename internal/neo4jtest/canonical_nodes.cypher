// Every node as (labels, properties), load records included, for comparing
// whole graphs written by different paths (the bulk import and a load).
MATCH (n)
RETURN labels(n) AS labels, properties(n) AS props
