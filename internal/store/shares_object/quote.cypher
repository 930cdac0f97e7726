// Co-quote: the object is the quoted post. Spliced into the CALL (p) of
// coordination_shares.cypher; p is the post.
MATCH (p)-[:QUOTES]->(o:Post)
RETURN o.uid AS object
