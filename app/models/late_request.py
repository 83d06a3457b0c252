"""Late-submission requests (补报): a unit asks to report after a closed deadline."""

import enum

from app.extensions import db
from app.models.types import utcnow


class LateRequestStatus(enum.Enum):
    """Where a request stands."""

    pending = "pending"
    granted = "granted"
    refused = "refused"


class LateRequest(db.Model):
    """A unit's request to fill a task after its deadline, and the manager's answer."""

    __tablename__ = "late_request"

    id = db.Column(db.Integer, primary_key=True)
    task_id = db.Column(db.Integer, db.ForeignKey("task.id"), nullable=False, index=True)
    unit_id = db.Column(db.Integer, db.ForeignKey("unit.id"), nullable=False)
    reason = db.Column(db.Text, nullable=False)
    status = db.Column(
        db.Enum(LateRequestStatus, native_enum=False, length=20),
        nullable=False,
        default=LateRequestStatus.pending,
    )
    # The last day (China time) the unit may fill once granted.
    granted_until = db.Column(db.Date)
    requested_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id"), nullable=False)
    decided_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    decided_at = db.Column(db.DateTime)

    unit = db.relationship("Unit")
    task = db.relationship("Task")
