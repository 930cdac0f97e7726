// Every relationship as (type, start node, end node, properties). Ends are
// named by their key property so the dump does not depend on internal ids.
MATCH (a)-[r]->(b)
WHERE NOT a:Load AND NOT b:Load
RETURN type(r) AS type,
       coalesce(a.uid, a.tag, a.url, a.name, a.hash, a.id) AS from,
       coalesce(b.uid, b.tag, b.url, b.name, b.hash, b.id) AS to,
       properties(r) AS props
