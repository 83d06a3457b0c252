"""Every model, importable from one place (and seen by Alembic)."""

from app.models.audit import AuditEvent
from app.models.bulletin import BulletinTemplate
from app.models.late_request import LateRequest, LateRequestStatus
from app.models.notification import Notification
from app.models.report_template import ReportTemplate, TemplateVersion
from app.models.submission import (
    RuleExplanation,
    Submission,
    SubmissionStatus,
    SubmissionValue,
)
from app.models.task import Task, task_unit
from app.models.types import utcnow
from app.models.unit import Unit, UnitKind
from app.models.user import Role, User

__all__ = [
    "AuditEvent",
    "BulletinTemplate",
    "LateRequest",
    "LateRequestStatus",
    "Notification",
    "ReportTemplate",
    "Role",
    "RuleExplanation",
    "Submission",
    "SubmissionStatus",
    "SubmissionValue",
    "Task",
    "TemplateVersion",
    "Unit",
    "UnitKind",
    "User",
    "task_unit",
    "utcnow",
]
