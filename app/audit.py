"""Writing the audit trail that users see as history."""

import logging

from app.extensions import db
from app.models import AuditEvent

logger = logging.getLogger(__name__)


def record_event(
    actor,
    action: str,
    obj,
    *,
    unit_id: int | None = None,
    reason: str | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Add an audit event for `obj` to the session; the caller commits with its change."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        unit_id=unit_id,
        reason=reason,
        detail=detail,
    )
    db.session.add(event)
    logger.info(
        "%s %s %s by %s",
        action,
        obj.__tablename__,
        obj.id,
        actor.username if actor is not None else "system",
        extra={"object_id": obj.id, "actor_id": event.actor_id},
    )

    return event


def query_events(obj):
    """The events of one record, oldest first."""
    return (
        db.session.query(AuditEvent)
        .filter_by(object_type=obj.__tablename__, object_id=obj.id)
        .order_by(AuditEvent.created_at, AuditEvent.id)
        .all()
    )
