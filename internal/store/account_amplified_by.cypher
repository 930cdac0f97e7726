// The top amplifiers of many accounts at once (heaviest first, then id).
UNWIND $uids AS uid
MATCH (s:Account {uid: uid})
CALL (s) {
  MATCH (s)<-[x:AMPLIFIED]-(a:Account)
  WITH a, x ORDER BY x.total DESC, a.uid
  LIMIT $limit
  RETURN collect({a: a, x: x {.*}}) AS rows
}
RETURN uid, rows
