// Co-reply: the object is the post replied to. Spliced into the CALL (p) of
// coordination_shares.cypher; p is the post.
MATCH (p)-[:REPLY_TO]->(o:Post)
RETURN o.uid AS object
