// Many accounts by their keys, for the lists that name accounts by id only
// (coordination edges): one query per list, not one per account.
UNWIND $uids AS uid
MATCH (a:Account {uid: uid})
RETURN a
