// A page of audit events, newest first, optionally of one user, action or
// target.
CALL () {
  MATCH (e:AuditEvent)
  WHERE ($user IS NULL OR e.user = $user) AND ($action IS NULL OR e.action = $action)
    AND ($target IS NULL OR e.target = $target)
  RETURN count(e) AS total
}
CALL () {
  MATCH (e:AuditEvent)
  WHERE ($user IS NULL OR e.user = $user) AND ($action IS NULL OR e.action = $action)
    AND ($target IS NULL OR e.target = $target)
  WITH e ORDER BY e.at DESC, e.id DESC SKIP $skip LIMIT $limit
  RETURN collect(e) AS page
}
RETURN total, page
