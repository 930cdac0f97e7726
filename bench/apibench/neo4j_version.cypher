// The server's version and edition, printed with the numbers.
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] + ' ' + edition AS value
