// A dataset's own accounts, in a fixed order: the share index is built in
// chunks of them.
MATCH (:Dataset {name: $dataset})<-[:IN_DATASET]-(a:Account)
RETURN a.uid AS uid
ORDER BY uid
