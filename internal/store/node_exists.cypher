// Whether an account or a post has this key (notes can be about either).
OPTIONAL MATCH (a:Account {uid: $uid})
OPTIONAL MATCH (p:Post {uid: $uid})
RETURN a IS NOT NULL OR p IS NOT NULL AS found
