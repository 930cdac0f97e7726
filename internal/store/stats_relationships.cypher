// Relationship counts per type, from the count store like the node counts:
// each type is written into the query. Types outside this list are counted
// by stats_relationships_other.cypher.
CALL () {
  MATCH ()-[r:ABOUT]->() RETURN 'ABOUT' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:AMPLIFIED]->() RETURN 'AMPLIFIED' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:FOUND]->() RETURN 'FOUND' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:HAS_DOMAIN]->() RETURN 'HAS_DOMAIN' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:HAS_IMAGE]->() RETURN 'HAS_IMAGE' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:HAS_NOTE]->() RETURN 'HAS_NOTE' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:HAS_QUERY]->() RETURN 'HAS_QUERY' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:HAS_VERSION]->() RETURN 'HAS_VERSION' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:HELD]->() RETURN 'HELD' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:IN_DATASET]->() RETURN 'IN_DATASET' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:ISSUED_TO]->() RETURN 'ISSUED_TO' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:LINKS]->() RETURN 'LINKS' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:LINKS_DOMAIN]->() RETURN 'LINKS_DOMAIN' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:MENTIONS]->() RETURN 'MENTIONS' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:OF_DATASET]->() RETURN 'OF_DATASET' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:ON_DATASET]->() RETURN 'ON_DATASET' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:ON_DOMAIN]->() RETURN 'ON_DOMAIN' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:PART_OF]->() RETURN 'PART_OF' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:PINNED]->() RETURN 'PINNED' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:POSTED]->() RETURN 'POSTED' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:QUOTES]->() RETURN 'QUOTES' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:REPLY_TO]->() RETURN 'REPLY_TO' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:RETWEET_OF]->() RETURN 'RETWEET_OF' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:SAME_AS]->() RETURN 'SAME_AS' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:SAME_HANDLE]->() RETURN 'SAME_HANDLE' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:SEED]->() RETURN 'SEED' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:TAGS]->() RETURN 'TAGS' AS type, count(r) AS count
  UNION ALL
  MATCH ()-[r:USED_CLIENT]->() RETURN 'USED_CLIENT' AS type, count(r) AS count
}
WITH type, count
WHERE count > 0 AND NOT type IN $hidden
RETURN type, count
