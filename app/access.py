"""Who may see what, enforced in queries.

A cadre sees only their own unit's submissions; a manager sees the tasks and submissions of
the templates their unit owns; an admin sees everything. Views fetch records only through
these helpers, so a forbidden id is a 404, never someone else's data.
"""

from flask import abort

from app.extensions import db
from app.models import ReportTemplate, Role, Submission, Task


def query_templates(user):
    """Templates the user may manage or read."""
    query = db.select(ReportTemplate).order_by(ReportTemplate.id)
    if user.role is Role.admin:
        return query
    if user.role is Role.manager:
        return query.where(ReportTemplate.owner_unit_id == user.unit_id)

    return query.where(db.false())


def query_tasks(user):
    """Tasks the user manages (manager, admin) or must fill (cadre)."""
    query = db.select(Task).join(Task.template).order_by(Task.period.desc(), Task.id.desc())
    if user.role is Role.admin:
        return query
    if user.role is Role.manager:
        return query.where(ReportTemplate.owner_unit_id == user.unit_id)

    return query.where(Task.units.any(id=user.unit_id))


def query_submissions(user):
    """Submissions the user may read."""
    query = db.select(Submission).join(Submission.task).join(Task.template)
    if user.role is Role.admin:
        return query
    if user.role is Role.manager:
        return query.where(ReportTemplate.owner_unit_id == user.unit_id)

    return query.where(Submission.unit_id == user.unit_id)


def get_template_or_404(user, template_id: int) -> ReportTemplate:
    """A template the user may manage, or 404."""
    query = query_templates(user).where(ReportTemplate.id == template_id)

    return db.session.scalars(query).first() or abort(404)


def get_task_or_404(user, task_id: int) -> Task:
    """A task visible to the user, or 404."""
    return db.session.scalars(query_tasks(user).where(Task.id == task_id)).first() or abort(404)


def get_submission_or_404(user, submission_id: int) -> Submission:
    """A submission visible to the user, or 404."""
    query = query_submissions(user).where(Submission.id == submission_id)

    return db.session.scalars(query).first() or abort(404)


def can_review(user, task: Task) -> bool:
    """Managers review the tasks of their own templates; admins may too."""
    if user.role is Role.admin:
        return True

    return user.role is Role.manager and task.template.owner_unit_id == user.unit_id
