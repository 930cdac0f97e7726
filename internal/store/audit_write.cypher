// One audit event.
CREATE (:AuditEvent {id: $id, at: datetime($now), user: $user, role: $role, action: $action, target: $target,
                     outcome: $outcome, args: $args})
