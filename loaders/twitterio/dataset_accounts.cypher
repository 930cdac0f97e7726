// The release's own accounts, whose engagement aggregates are (re)derived.
MATCH (a:Account)-[:IN_DATASET]->(:Dataset {name: $dataset})
RETURN a.uid AS uid
ORDER BY uid
