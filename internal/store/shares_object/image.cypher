// Co-image: the object is the perceptual hash. Spliced into the CALL (p) of
// coordination_shares.cypher; p is the post.
MATCH (p)-[:HAS_IMAGE]->(i:Image)
RETURN i.hash AS object
