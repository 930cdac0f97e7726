// Handle observations: a source (a release, a list, a disclosure, an export)
// says an account had a handle. Each is kept, per account, handle and
// dataset, with who said it (source), what else it said (evidence) and the
// date it gives (asOf, as precise as the source: "2019-08"), so the handles
// an account held over time and the sources that disagree stay visible.
// When iograph learnt it is the first of its loads. The Handle node (key:
// the key an account known only by that handle has, "twitter:@name") is
// where every account that held a handle meets, whatever the order of the
// loads (see resolve_handles.cypher). Nodes first, then links (see
// loaders.Statements).
UNWIND $rows AS r
MERGE (h:Handle {key: r.key})
  ON CREATE SET h.platform = r.platform, h.handle = r.lower
FOREACH (_ IN CASE WHEN $load IN coalesce(h.loads, []) THEN [] ELSE [1] END | SET h.loads = [l IN coalesce(h.loads, []) WHERE l <> $load] + $load);
UNWIND $rows AS r
MATCH (a:Account {uid: r.uid}), (h:Handle {key: r.key})
MERGE (a)-[o:HELD {dataset: $dataset}]->(h)
SET o.handle = r.handle, o.source = r.source, o.evidence = r.evidence, o.asOf = r.asOf
FOREACH (_ IN CASE WHEN $load IN coalesce(o.loads, []) THEN [] ELSE [1] END | SET o.loads = [l IN coalesce(o.loads, []) WHERE l <> $load] + $load);
