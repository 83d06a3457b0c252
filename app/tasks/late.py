"""Closing a task at its deadline, and late-submission requests (补报) that reopen it."""

from datetime import date, timedelta

from flask_babel import gettext as _

from app.audit import record_event
from app.extensions import db
from app.models import LateRequest, LateRequestStatus, Task, utcnow
from app.periods import china_today, is_overdue


class LateRequestError(ValueError):
    """A request or decision that cannot be made, with the reason."""


def find_request(task: Task, unit_id: int) -> LateRequest | None:
    """The unit's latest request for the task."""
    return db.session.scalars(
        db.select(LateRequest)
        .filter_by(task_id=task.id, unit_id=unit_id)
        .order_by(LateRequest.id.desc())
    ).first()


def is_fill_open(task: Task, unit_id: int, today: date | None = None) -> bool:
    """Whether the unit may still save and submit: before the deadline, or with a grant."""
    if not task.is_closed_after_due or not is_overdue(task.due_on):
        return True
    today = today or china_today()
    granted = db.session.scalars(
        db.select(LateRequest).where(
            LateRequest.task_id == task.id,
            LateRequest.unit_id == unit_id,
            LateRequest.status == LateRequestStatus.granted,
            LateRequest.granted_until >= today,
        )
    ).first()

    return granted is not None


def request_late(task: Task, unit_id: int, actor, reason: str) -> LateRequest:
    """Ask the task's manager to let the unit report late."""
    reason = reason.strip()
    if not reason:
        raise LateRequestError(_("请写明补报原因"))
    if is_fill_open(task, unit_id):
        raise LateRequestError(_("这项任务现在可以填报，无需申请补报"))
    latest = find_request(task, unit_id)
    if latest is not None and latest.status is LateRequestStatus.pending:
        raise LateRequestError(_("已提交过补报申请，请等待审核"))

    request = LateRequest(
        task=task, unit_id=unit_id, reason=reason[:1000], requested_by_id=actor.id
    )
    db.session.add(request)
    db.session.flush()
    record_event(actor, "late_requested", request, unit_id=unit_id, reason=reason)
    db.session.commit()

    return request


def decide(request: LateRequest, actor, grant: bool, days: int = 3) -> None:
    """Grant the request for a few days from today, or refuse it."""
    if request.status is not LateRequestStatus.pending:
        raise LateRequestError(_("这份补报申请已处理过"))

    request.status = LateRequestStatus.granted if grant else LateRequestStatus.refused
    request.granted_until = china_today() + timedelta(days=days) if grant else None
    request.decided_by_id = actor.id
    request.decided_at = utcnow()
    record_event(
        actor, "late_granted" if grant else "late_refused", request, unit_id=request.unit_id
    )
    db.session.commit()


def query_pending(task: Task) -> list[LateRequest]:
    """Requests of a task waiting for the manager."""
    return db.session.scalars(
        db.select(LateRequest)
        .filter_by(task_id=task.id, status=LateRequestStatus.pending)
        .order_by(LateRequest.created_at)
    ).all()
