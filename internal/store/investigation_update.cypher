// Change an investigation; null parameters keep their values.
MATCH (i:Investigation {id: $id})
SET i.title = coalesce($title, i.title),
    i.description = CASE WHEN $setDescription THEN $description ELSE i.description END,
    i.status = coalesce($status, i.status),
    i.tags = coalesce($tags, i.tags),
    i.updatedAt = datetime($now)
RETURN i.id AS id
