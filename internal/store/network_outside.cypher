// The accounts outside a network ($known: element ids of its accounts),
// each [element id, AMPLIFIED degree (from the degree store)]: the workers
// of network_grow_outside.cypher split them by degree.
MATCH (b:Account)
WHERE $known[elementId(b)] IS NULL
RETURN collect([elementId(b), COUNT { (b)-[:AMPLIFIED]-() }]) AS outside
