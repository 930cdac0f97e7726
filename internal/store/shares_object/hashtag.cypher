// Co-hashtag: the object is the lower-cased tag. Spliced into the CALL (p) of
// coordination_shares.cypher; p is the post.
MATCH (p)-[:TAGS]->(h:Hashtag)
RETURN h.tag AS object
