// The handles of a dataset's accounts that no observation of this dataset
// records: accounts loaded before iograph kept handle observations. Hashed
// release accounts and websites have no handle to observe.
MATCH (d:Dataset {name: $dataset})<-[:IN_DATASET]-(a:Account)
WHERE a.handle IS NOT NULL AND trim(a.handle) <> '' AND coalesce(a.hashed, false) = false AND a.platform <> 'web'
  AND NOT EXISTS { (a)-[:HELD {dataset: $dataset}]->(:Handle) }
RETURN a.uid AS uid, a.platform AS platform, coalesce(a.kind, 'account') AS kind, coalesce(a.site, '') AS site,
       a.handle AS handle, coalesce(d.kind, 'dataset') AS kind_of_dataset
