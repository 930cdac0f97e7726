// The identity-resolution version a dataset was last resolved at (0: never).
OPTIONAL MATCH (d:Dataset {name: $dataset})
RETURN coalesce(d.handlesResolved, 0) AS version
