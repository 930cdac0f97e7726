// Node counts per label the loaders and the API write. A MATCH on one
// label written into the query with count() is answered from Neo4j's count
// store: one lookup per label, milliseconds at any size (a label passed as a
// parameter, MATCH (n:$(label)), is not, and scans). Labels outside this list
// are counted by stats_nodes_other.cypher; a test keeps the list complete.
CALL () {
  MATCH (n:Account) RETURN 'Account' AS label, count(n) AS count
  UNION ALL
  MATCH (n:AuditEvent) RETURN 'AuditEvent' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Client) RETURN 'Client' AS label, count(n) AS count
  UNION ALL
  MATCH (n:CoordinationRun) RETURN 'CoordinationRun' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Dataset) RETURN 'Dataset' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Domain) RETURN 'Domain' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Handle) RETURN 'Handle' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Hashtag) RETURN 'Hashtag' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Image) RETURN 'Image' AS label, count(n) AS count
  UNION ALL
  // Nodes an import left lists to restore (loaders/bulk/restore_lists.cypher):
  // none once its finish ran; counted, an interrupted finish shows.
  MATCH (n:ImportFix) RETURN 'ImportFix' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Investigation) RETURN 'Investigation' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Load) RETURN 'Load' AS label, count(n) AS count
  UNION ALL
  MATCH (n:LoadBatch) RETURN 'LoadBatch' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Note) RETURN 'Note' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Operation) RETURN 'Operation' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Post) RETURN 'Post' AS label, count(n) AS count
  UNION ALL
  MATCH (n:SavedQuery) RETURN 'SavedQuery' AS label, count(n) AS count
  UNION ALL
  MATCH (n:SavedQueryVersion) RETURN 'SavedQueryVersion' AS label, count(n) AS count
  UNION ALL
  MATCH (n:ShareChunk) RETURN 'ShareChunk' AS label, count(n) AS count
  UNION ALL
  MATCH (n:ShareIndex) RETURN 'ShareIndex' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Token) RETURN 'Token' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Tweet) RETURN 'Tweet' AS label, count(n) AS count
  UNION ALL
  MATCH (n:Url) RETURN 'Url' AS label, count(n) AS count
  UNION ALL
  MATCH (n:User) RETURN 'User' AS label, count(n) AS count
}
WITH label, count
WHERE count > 0 AND NOT label IN $hidden // labels no node carries are noise; $hidden: access control
RETURN label, count
