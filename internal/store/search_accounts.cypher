// Full-text search over handles, names and descriptions, ranked by score,
// ties by id so pages are stable; the total comes with the page.
CALL db.index.fulltext.queryNodes('account_search', $query) YIELD node, score
WITH node, score ORDER BY score DESC, node.uid
WITH collect({a: node, score: score}) AS hits
RETURN size(hits) AS total, hits[$skip..$skip + $limit] AS page
