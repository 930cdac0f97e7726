// The accounts with the most amplifiers: the seeds worth benchmarking.
MATCH (s:Account)
WITH s, COUNT { (s)<-[:AMPLIFIED]-() } AS amplifiers
ORDER BY amplifiers DESC
LIMIT $n
RETURN s.uid AS uid, amplifiers
