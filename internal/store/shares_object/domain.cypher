// Co-domain: the object is the domain, linked directly (share sets) or through a URL on it (releases). Spliced into the CALL (p) of
// coordination_shares.cypher; p is the post.
CALL (p) {
  MATCH (p)-[:LINKS_DOMAIN]->(d:Domain)
  RETURN d
  UNION
  MATCH (p)-[:LINKS]->(:Url)-[:ON_DOMAIN]->(d:Domain)
  RETURN d
}
RETURN d.name AS object
