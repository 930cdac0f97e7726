// The accounts outside a network ($known: element ids of its accounts), by
// element id: network_grow_outside.cypher's workers split them.
MATCH (b:Account)
WHERE $known[elementId(b)] IS NULL
RETURN collect(elementId(b)) AS outside
