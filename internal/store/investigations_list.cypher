// A page of investigations, most recently updated first: all but archived
// ones unless a status is asked for.
MATCH (i:Investigation)
WHERE (($status IS NULL AND i.status <> 'ARCHIVED') OR i.status = $status)
  AND ($tag IS NULL OR $tag IN i.tags)
WITH i ORDER BY i.updatedAt DESC, i.id
WITH collect(i.id) AS ids
RETURN size(ids) AS total, ids[$skip..$skip + $limit] AS page
