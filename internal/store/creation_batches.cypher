// Accounts created on the same day, largest batches first: a release's
// fabricated accounts often come in batches. Optionally within a dataset.
CALL (*) {
  WITH $dataset AS ds WHERE ds IS NOT NULL
  MATCH (a:Account)-[:IN_DATASET]->(:Dataset {name: ds})
  WHERE a.createdAt IS NOT NULL
  RETURN a
  UNION
  WITH $dataset AS ds WHERE ds IS NULL
  MATCH (a:Account) WHERE a.createdAt IS NOT NULL
  RETURN a
}
WITH a.createdAt AS day, a ORDER BY a.uid
WITH day, collect(a) AS accounts
WHERE size(accounts) >= $minAccounts
RETURN toString(day) AS day, size(accounts) AS count, accounts[..$maxAccounts] AS accounts
ORDER BY count DESC, day
LIMIT $limit
