// Client apps by the accounts that posted from them (USED_CLIENT is kept at
// load time), optionally within a dataset: automation clients stand out.
MATCH (c:Client)<-[u:USED_CLIENT]-(a:Account)
WHERE $dataset IS NULL OR EXISTS { (a)-[:IN_DATASET]->(:Dataset {name: $dataset}) }
WITH c, count(a) AS accounts, sum(u.posts) AS posts
RETURN c.name AS name, accounts, posts
ORDER BY accounts DESC, posts DESC, name
LIMIT $limit
