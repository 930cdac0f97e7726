// Seeds worth drawing: the accounts with the most amplifiers (incoming
// AMPLIFIED), whose two- and three-hop neighbourhoods are the largest.
MATCH (s:Account)
WITH s, COUNT { (s)<-[:AMPLIFIED]-() } AS amplifiers
ORDER BY amplifiers DESC, s.uid
LIMIT $n
RETURN s.uid AS uid, amplifiers,
       COUNT { MATCH ()-[:AMPLIFIED]->() } AS amplified, COUNT { MATCH (:Tweet) } AS tweets
