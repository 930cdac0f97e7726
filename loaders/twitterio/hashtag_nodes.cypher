// Create the hashtags this file names for the first time (lower case: #HK =
// #hk) and record this load on them, in the batch's prepare transaction,
// before the batch's links (hashtags.cypher) find them by tag.
// It returns each node's element id, with which later statements find it
// (see write.go).
// The plan never depends on the graph's statistics (see write.go).
CYPHER replan=skip
UNWIND $rows AS r
MERGE (h:Hashtag {tag: r.tag})
  ON CREATE SET h.loads = [$load]
FOREACH (_ IN CASE WHEN $load IN coalesce(h.loads, []) THEN [] ELSE [1] END | SET h.loads = [l IN coalesce(h.loads, []) WHERE l <> $load] + $load)
RETURN h.tag AS key, elementId(h) AS id
