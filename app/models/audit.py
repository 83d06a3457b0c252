"""The audit trail: who did what, when, to which record."""

from app.extensions import db
from app.models.types import utcnow


class AuditEvent(db.Model):
    """One step a person took (saved, submitted, returned, approved, issued, exported)."""

    __tablename__ = "audit_event"

    id = db.Column(db.Integer, primary_key=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    actor_id = db.Column(db.Integer, db.ForeignKey("user_account.id"))
    action = db.Column(db.String(40), nullable=False)
    object_type = db.Column(db.String(40), nullable=False)
    object_id = db.Column(db.Integer, nullable=False)
    unit_id = db.Column(db.Integer, db.ForeignKey("unit.id"))
    reason = db.Column(db.Text)
    detail = db.Column(db.JSON)

    actor = db.relationship("User")

    __table_args__ = (db.Index("ix_audit_event_object", "object_type", "object_id"),)
