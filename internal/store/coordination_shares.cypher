// The share rows one coordination signal is detected on: who shared what
// (the object), in which post (the content) and when. The placeholder in the
// CALL (p) below is replaced by the signal's branch (shares_object/<signal>.cypher; CooRTweet's object, per signal: the retweeted, replied-to
// or quoted post, the URL, its domain, the hashtag, the image's perceptual
// hash, or the post's text, which the caller normalises), so the query reads
// only that signal's relationships. A dataset restricts both the accounts
// (members of it) and the posts (written by one of its loads), so an account
// listed in two releases contributes only this one's posts.
//
// Rows come grouped by account, as parallel lists: one record per account
// instead of one per share, because Bolt and the driver pay per record far
// more than per list element (a release's 560,000 retweets are 20,000
// records).
OPTIONAL MATCH (l:Load {dataset: $dataset})
WITH collect(l.id) AS loads
CALL () {
  WITH 1 AS one WHERE $dataset IS NULL
  MATCH (a:Account)
  RETURN a
  UNION ALL
  MATCH (:Dataset {name: $dataset})<-[:IN_DATASET]-(a:Account)
  RETURN a
}
// Each account's posts are read from the account. The time is read through
// toInteger() so that no predicate can use the Post(timeMs) index: with the
// index statistics of a freshly loaded or just wiped database counting no
// post times, Neo4j planned an index scan of every post for every account
// followed by Expand(Into) (200 M page hits walking the test suite's
// russian_coord_tweets, past the query timeout), in a subquery per account
// and in a pattern comprehension alike (EXPLAIN showed both).
UNWIND [(a)-[:POSTED]->(p:Post)
        WHERE toInteger(p.timeMs) IS NOT NULL
          AND ($sinceMs IS NULL OR toInteger(p.timeMs) >= $sinceMs)
          AND ($untilMs IS NULL OR toInteger(p.timeMs) < $untilMs) | p] AS p
CALL (p) {
  {{object}}
}
// The dataset's loads are checked after the signal's expansion, so the
// loads list (an array property, costly to read) is read only for posts
// that share something. The always-true mention of object keeps the planner
// from moving the check back before the expansion.
WITH a, p, object, loads
WHERE $dataset IS NULL OR any(x IN coalesce(p.loads, []) WHERE x IN loads AND coalesce(object, '') IS NOT NULL)
WITH a, collect(coalesce(object, '')) AS objects, collect(coalesce(p.uid, '')) AS contents, collect(p.timeMs) AS times
RETURN a.uid AS account, objects, contents, times
