// Lists neo4j-admin cannot write, restored once the imported database runs:
// an empty list and a list of one empty string are both an empty field in
// its CSV files, which it reads as no property. writeNode left such nodes
// the ImportFix label and the names of their lists.
MATCH (n:ImportFix)
CALL (n) {
  UNWIND coalesce(n.importEmptyLists, []) AS k
  SET n[k] = []
}
CALL (n) {
  UNWIND coalesce(n.importBlankLists, []) AS k
  SET n[k] = ['']
}
REMOVE n:ImportFix, n.importEmptyLists, n.importBlankLists
RETURN count(n) AS restored
