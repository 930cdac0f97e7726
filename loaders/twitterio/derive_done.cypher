// Record the data version a complete derivation of the release's aggregates
// was made from (see derive_state.cypher).
MATCH (d:Dataset {name: $dataset})
SET d.derivedFor = $version
