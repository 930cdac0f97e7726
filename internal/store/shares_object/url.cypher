// Co-URL: the object is the URL as written. Spliced into the CALL (p) of
// coordination_shares.cypher; p is the post.
MATCH (p)-[:LINKS]->(u:Url)
RETURN u.url AS object
