// Which of these account ids the graph does not hold.
UNWIND $uids AS uid
OPTIONAL MATCH (a:Account {uid: uid})
WITH uid, a
WHERE a IS NULL
RETURN collect(uid) AS missing
