// Co-retweet: the object is the retweeted post. Spliced into the CALL (p) of
// coordination_shares.cypher; p is the post.
MATCH (p)-[:RETWEET_OF]->(o:Post)
RETURN o.uid AS object
