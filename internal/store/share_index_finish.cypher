// Switch a signal's share index to a finished build and drop every other
// build's chunks (the one replaced, and any left by a build that was
// killed). Readers follow the header, so they see the old build or the new
// one, never a part of one.
MERGE (x:ShareIndex {dataset: $dataset, signal: $signal})
SET x.build = $build, x.version = $version, x.layout = $layout, x.chunks = $chunks, x.shares = $shares, x.builtAt = datetime()
WITH x
OPTIONAL MATCH (k:ShareChunk {dataset: $dataset, signal: $signal})
WHERE k.build <> $build
DETACH DELETE k
RETURN count(k) AS dropped
