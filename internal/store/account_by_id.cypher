// One account by its key.
MATCH (a:Account {uid: $uid})
RETURN a
