// Every account that has amplifiers, with how many: to pick seeds whose
// degree matches another graph's seeds (-like).
MATCH (s:Account)
WITH s.uid AS uid, COUNT { (s)<-[:AMPLIFIED]-() } AS amplifiers
WHERE amplifiers > 0
RETURN uid, amplifiers
