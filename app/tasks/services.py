"""Issuing tasks (下发) and reading their progress."""

import logging
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app.audit import record_event
from app.extensions import db
from app.models import (
    ReportTemplate,
    RuleExplanation,
    Submission,
    SubmissionStatus,
    Task,
    Unit,
    UnitKind,
)
from app.periods import (
    EXAMPLES,
    china_today,
    default_due_on,
    is_overdue,
    is_valid_period,
    next_period,
    period_first_day,
    period_label,
    period_last_day,
)

logger = logging.getLogger(__name__)

FREQUENCY_LABELS = {
    "month": _l("月报"),
    "quarter": _l("季报"),
    "half": _l("半年报"),
    "year": _l("年报"),
    "once": _l("一次性调查"),
}

EDITABLE_STATUSES = (SubmissionStatus.draft, SubmissionStatus.returned)


class TaskError(ValueError):
    """A task that cannot be issued, with the reason and the form field it concerns."""

    def __init__(self, message: str, field: str = "period"):
        super().__init__(message)
        self.field = field


def query_assignable_units():
    """Units a task can go to: every unit in use but the county itself."""
    in_use = db.or_(Unit.ends_on.is_(None), Unit.ends_on >= china_today())

    return (
        db.select(Unit)
        .where(Unit.kind != UnitKind.county, in_use)
        .order_by(Unit.sort_order, Unit.id)
    )


def query_parent_units() -> list[Unit]:
    """Units that have units under them, for choosing a whole subtree."""
    parent_ids = db.select(Unit.parent_id).where(Unit.parent_id.is_not(None))

    return db.session.scalars(
        db.select(Unit).where(Unit.id.in_(parent_ids)).order_by(Unit.sort_order)
    ).all()


def resolve_unit_ids(unit_ids: list[int], kinds: list[str], subtree_id: int | None) -> list[int]:
    """The chosen units: ticked one by one, all of some kinds, and a whole subtree."""
    chosen = set(unit_ids or [])
    if kinds:
        wanted = [UnitKind(kind) for kind in kinds]
        chosen |= set(db.session.scalars(db.select(Unit.id).where(Unit.kind.in_(wanted))))
    if subtree_id:
        chosen |= _descendant_ids(subtree_id)

    return sorted(chosen)


def _descendant_ids(unit_id: int) -> set[int]:
    found: set[int] = set()
    frontier = {unit_id}
    while frontier:
        children = set(db.session.scalars(db.select(Unit.id).where(Unit.parent_id.in_(frontier))))
        frontier = children - found
        found |= children

    return found


def default_unit_ids(template: ReportTemplate) -> list[int]:
    """The units of the template's latest task, so next month goes to the same units."""
    latest = db.session.scalars(
        db.select(Task).filter_by(template_id=template.id).order_by(Task.period.desc())
    ).first()

    return [u.id for u in latest.units] if latest else []


def issue_task(
    template: ReportTemplate,
    period: str,
    due_on: date,
    unit_ids: list[int],
    actor,
    is_closed_after_due: bool = False,
) -> Task:
    """Issue the template's current version for a period to the chosen units."""
    already_issued = TaskError(
        _(
            "%(period)s的“%(name)s”任务已经下发过，请在任务列表中查看。",
            period=period_label(period),
            name=template.name,
        )
    )
    exists = db.session.scalars(
        db.select(Task).filter_by(template_id=template.id, period=period)
    ).first()
    if exists is not None:
        raise already_issued
    if not is_valid_period(period, template.frequency):
        raise TaskError(
            _(
                "“%(name)s”是%(frequency)s，报告期请写成 %(example)s 这样的格式。",
                name=template.name,
                frequency=FREQUENCY_LABELS.get(template.frequency, template.frequency),
                example=EXAMPLES.get(template.frequency, "2024-12"),
            )
        )
    if template.current_version is None:
        raise TaskError(_("“%(name)s”还没有发布，请先在设计页发布后再下发。", name=template.name))
    if template.valid_until and template.valid_until < period_first_day(period):
        raise TaskError(
            _(
                "“%(name)s”的有效期到%(day)s为止，不能再下发。请先办理延期并更新报表目录。",
                name=template.name,
                day=template.valid_until.isoformat(),
            )
        )
    if due_on < period_first_day(period):
        raise TaskError(_("截止日期不能早于报告期开始，请重新选择。"), "due_on")

    units = [
        unit
        for unit in db.session.scalars(query_assignable_units().where(Unit.id.in_(unit_ids)))
        if unit.is_active_on(period_last_day(period)) or unit.is_active_on(period_first_day(period))
    ]
    if not units:
        raise TaskError(_("请至少选择一个填报单位"), "unit_ids")

    task = Task(
        template=template,
        template_version=template.current_version,
        period=period,
        title=f"{period_label(period)}{template.name}",
        opens_on=period_first_day(period),
        due_on=due_on,
        issued_by_id=actor.id if actor is not None else None,
        is_closed_after_due=is_closed_after_due,
        units=list(units),
    )
    db.session.add(task)
    try:
        db.session.flush()
    except IntegrityError:
        # Another manager issued the same period a moment ago.
        db.session.rollback()
        raise already_issued from None
    record_event(actor, "issued", task, detail={"units": len(units), "period": period})
    db.session.commit()

    return task


@dataclass
class ProgressRow:
    """One assigned unit on a task's progress page."""

    unit: Unit
    submission: Submission | None
    is_overdue: bool
    explanation_count: int = 0

    @property
    def review_order(self) -> int:
        # Reports waiting for review first, then open ones, then reviewed ones.
        status = self.submission.status if self.submission else None
        order = {SubmissionStatus.submitted: 0, None: 1, SubmissionStatus.draft: 1}

        return order.get(status, 2)


def query_progress(task: Task) -> list[ProgressRow]:
    """Every assigned unit with its submission, in the unit tree's order."""
    submissions = {
        s.unit_id: s for s in db.session.scalars(db.select(Submission).filter_by(task_id=task.id))
    }
    explained = dict(
        db.session.execute(
            db.select(RuleExplanation.submission_id, db.func.count())
            .join(Submission)
            .where(Submission.task_id == task.id)
            .group_by(RuleExplanation.submission_id)
        ).all()
    )
    overdue = is_overdue(task.due_on)
    rows = []
    for unit in task.units:
        submission = submissions.get(unit.id)
        is_open = submission is None or submission.status in EDITABLE_STATUSES
        count = explained.get(submission.id, 0) if submission else 0
        rows.append(ProgressRow(unit, submission, overdue and is_open, count))

    return sorted(rows, key=lambda row: row.review_order)


def issue_due_tasks(today: date | None = None) -> list[Task]:
    """Issue the next period of every auto-issued template whose period has begun.

    Run by `flask tasks issue-due` from cron and on the first request after a period starts;
    two workers racing issue it once, since a template has one task per period.
    """
    today = today or china_today()
    issued = []
    templates = db.session.scalars(
        db.select(ReportTemplate).where(ReportTemplate.is_auto_issued.is_(True))
    ).all()
    for template in templates:
        latest = db.session.scalars(
            db.select(Task).filter_by(template_id=template.id).order_by(Task.period.desc())
        ).first()
        upcoming = next_period(latest.period) if latest else None
        if upcoming is None or period_first_day(upcoming) > today:
            continue
        in_use = set(db.session.scalars(query_assignable_units().with_only_columns(Unit.id)))
        unit_ids = [u.id for u in latest.units if u.id in in_use]
        try:
            issued.append(issue_task(template, upcoming, default_due_on(upcoming), unit_ids, None))
        except (TaskError, ValueError) as error:
            db.session.rollback()
            logger.warning("template %s not auto-issued: %s", template.code, error)

    return issued
