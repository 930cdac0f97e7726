// The memory settings the numbers depend on, printed with them.
SHOW SETTINGS YIELD name, value
WHERE name IN ['server.memory.heap.max_size', 'server.memory.pagecache.size']
RETURN name + '=' + value AS value
ORDER BY value
