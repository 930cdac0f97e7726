// Every relationship as (type, start node, end node, properties), each end
// named by its labels and its key property, so the dump does not depend on
// internal ids.
MATCH (a)-[r]->(b)
RETURN type(r) AS type,
       labels(a) AS fromLabels, coalesce(a.uid, a.tag, a.url, a.key, a.name, a.hash, a.id) AS from,
       labels(b) AS toLabels, coalesce(b.uid, b.tag, b.url, b.key, b.name, b.hash, b.id) AS to,
       properties(r) AS props
