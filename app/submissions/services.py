"""State changes of submissions: save, submit, approve, return. Each checks, writes, logs."""

import logging
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from app import messages
from app.audit import record_event
from app.extensions import db
from app.models import (
    ReportTemplate,
    RuleExplanation,
    Submission,
    SubmissionStatus,
    SubmissionValue,
    Task,
    utcnow,
)
from app.report_templates.definition import PREVIOUS, CarryPolicy, SectionKind, Severity
from app.report_templates.services import get_definition
from app.submissions import values as form_values
from app.submissions.values import FormData
from app.tasks.late import is_fill_open

logger = logging.getLogger(__name__)

EDITABLE = (SubmissionStatus.draft, SubmissionStatus.returned)


class StaleRevision(Exception):
    """The submission changed since the form was opened."""


class NotEditable(Exception):
    """The submission is in a status where its values cannot change."""


class FillClosed(Exception):
    """The task closed at its deadline and the unit has no 补报 grant."""


@dataclass
class SaveResult:
    """What a save or submit did, and what the checks found."""

    submission: Submission
    findings: list = field(default_factory=list)
    submitted: bool = False

    @property
    def blocking(self) -> list:
        return [f for f in self.findings if f.severity is Severity.mandatory or f.needs_explanation]


def find_submission(task: Task, unit_id: int) -> Submission | None:
    """The unit's submission for a task, if it has one."""
    return db.session.scalars(
        db.select(Submission).filter_by(task_id=task.id, unit_id=unit_id)
    ).first()


def find_previous_approved(task: Task, unit_id: int) -> Submission | None:
    """The unit's latest approved submission of the same template before this period."""
    query = (
        db.select(Submission)
        .join(Submission.task)
        .where(
            Task.template_id == task.template_id,
            Task.period < task.period,
            Submission.unit_id == unit_id,
            Submission.status == SubmissionStatus.approved,
        )
        .order_by(Task.period.desc())
    )

    return db.session.scalars(query).first()


def attach_year_bases(definition, data: FormData, task: Task, unit_id: int) -> None:
    """Give each accumulate field its year-to-date before this period.

    It is the sum of the unit's approved figures for the field in earlier periods of the
    same year, so a January period starts from zero and a corrected month counts at once.
    """
    codes = [
        f.code
        for s in definition.sections
        if s.kind is SectionKind.fields
        for f in s.input_fields
        if f.carry is CarryPolicy.accumulate
    ]
    if not codes:
        return

    earlier = db.session.execute(
        db.select(SubmissionValue.field_code, SubmissionValue.num)
        .join(Submission, Submission.id == SubmissionValue.submission_id)
        .join(Task, Task.id == Submission.task_id)
        .where(
            Task.template_id == task.template_id,
            Task.period >= f"{task.period[:4]}-01",
            Task.period < task.period,
            Submission.unit_id == unit_id,
            Submission.status == SubmissionStatus.approved,
            SubmissionValue.row_key == "",
            SubmissionValue.field_code.in_(codes),
        )
    )
    bases = dict.fromkeys(codes, Decimal(0))
    for code, num in earlier:
        bases[code] += num or 0
    for section in definition.sections:
        if section.kind is SectionKind.fields:
            for row in data[section.code]:
                row.year_bases = dict(bases)


def check_form(definition, data: FormData, task: Task, unit_id: int) -> list:
    """All checks of a unit's form, rules against last period and other templates included."""
    return form_values.check(definition, data, build_check_context(definition, task, unit_id))


def build_check_context(definition, task: Task, unit_id: int) -> form_values.CheckContext:
    """Last approved period's values of the unit, and the TOTAL()s the rules ask for."""
    context = form_values.CheckContext()
    if any(PREVIOUS in rule.expression.names for rule in definition.rules):
        previous = find_previous_approved(task, unit_id)
        if previous is not None:
            context.previous = {
                v.field_code: v.num if v.num is not None else v.txt
                for v in previous.values
                if v.row_key == ""
            }
    refs = set().union(*(rule.expression.total_refs for rule in definition.rules))
    for template_code, field_code in refs:
        context.totals[(template_code, field_code)] = _sum_other_template(
            template_code, field_code, task.period
        )

    return context


def _sum_other_template(template_code: str, field_code: str, period: str) -> Decimal | None:
    """A field summed over every approved report of another template for the period."""
    numbers = db.session.scalars(
        db.select(SubmissionValue.num)
        .join(Submission, Submission.id == SubmissionValue.submission_id)
        .join(Task, Task.id == Submission.task_id)
        .join(ReportTemplate, ReportTemplate.id == Task.template_id)
        .where(
            ReportTemplate.code == template_code,
            Task.period == period,
            Submission.status == SubmissionStatus.approved,
            SubmissionValue.field_code == field_code,
            SubmissionValue.num.is_not(None),
        )
    ).all()

    return sum(numbers, Decimal(0)) if numbers else None


def load_form(submission: Submission) -> FormData:
    """A submission's values as form data, computed fields filled."""
    definition = get_definition(submission.template_version)
    data = form_values.form_from_values(definition, submission.values)
    attach_year_bases(definition, data, submission.task, submission.unit_id)
    form_values.compute(definition, data)

    return data


def start_form(task: Task, unit_id: int) -> tuple[FormData, Submission | None]:
    """What a unit's form opens with before its first save: last approved period, carried."""
    definition = get_definition(task.template_version)
    previous = find_previous_approved(task, unit_id)
    if previous is None:
        data = form_values.empty_form(definition)
    else:
        data = form_values.carry_forward(definition, load_form(previous))
    attach_year_bases(definition, data, task, unit_id)
    form_values.compute(definition, data)

    return data, previous


def save_submission(
    task: Task,
    unit_id: int,
    data: FormData,
    actor,
    *,
    revision: int,
    filled_by: str = "",
    contact_phone: str = "",
    explanations: dict[str, str] | None = None,
    submit: bool = False,
) -> SaveResult:
    """Save a unit's values as a draft, or submit them when every check allows.

    `revision` is the revision the form was opened at: a save against an older revision is
    refused, so two people editing one submission never overwrite each other silently.
    """
    if not is_fill_open(task, unit_id):
        raise FillClosed(task.due_on)
    submission = find_submission(task, unit_id)
    if submission is None:
        submission = _create_submission(task, unit_id, actor)
    else:
        # End the read so the claim below sees the latest committed revision (SQLite's WAL
        # would otherwise refuse to let an old read snapshot write).
        db.session.commit()
    _claim_revision(submission, revision)

    definition = get_definition(submission.template_version)
    attach_year_bases(definition, data, task, unit_id)
    form_values.compute(definition, data)
    findings = check_form(definition, data, task, unit_id)
    explanations = _clean_explanations(explanations or {}, findings)

    result = SaveResult(submission, findings)
    if submit:
        mark_missing_explanations(findings, explanations)
        result.submitted = not result.blocking
    changes = _write_values(submission, definition, data, explanations)
    submission.filled_by = filled_by.strip()[:80] or None
    submission.contact_phone = contact_phone.strip()[:40] or None
    submission.updated_at = utcnow()
    submission.updated_by_id = actor.id

    action = "saved"
    if result.submitted:
        action = "submitted"
        submission.status = SubmissionStatus.submitted
        submission.submitted_at = utcnow()
    record_event(
        actor,
        action,
        submission,
        unit_id=unit_id,
        detail={"revision": submission.revision, "changes": changes},
    )
    db.session.commit()

    return result


def _claim_revision(submission: Submission, revision: int) -> None:
    """Move the submission from `revision` to the next one, or refuse.

    One conditional UPDATE does the check and the claim together, so of two saves racing
    from the same revision exactly one wins; the database's row lock orders them.
    """
    claimed = db.session.execute(
        db.update(Submission)
        .where(
            Submission.id == submission.id,
            Submission.revision == revision,
            Submission.status.in_(EDITABLE),
        )
        .values(revision=revision + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed == 1:
        submission.revision = revision + 1
        db.session.flush()
        return

    db.session.rollback()
    db.session.refresh(submission)
    if submission.status not in EDITABLE:
        raise NotEditable(submission.status)
    raise StaleRevision(submission.revision)


def _set_review_status(submission: Submission, status: SubmissionStatus) -> None:
    """Move a submitted report to `status`; refuse if someone reviewed it a moment ago."""
    db.session.commit()
    changed = db.session.execute(
        db.update(Submission)
        .where(
            Submission.id == submission.id,
            Submission.status == SubmissionStatus.submitted,
        )
        .values(status=status)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        db.session.refresh(submission)
        raise NotEditable(submission.status)

    submission.status = status


def _create_submission(task: Task, unit_id: int, actor) -> Submission:
    previous = find_previous_approved(task, unit_id)
    submission = Submission(
        task=task,
        unit_id=unit_id,
        template_version_id=task.template_version_id,
        status=SubmissionStatus.draft,
        revision=0,
        carried_from_id=previous.id if previous else None,
        updated_by_id=actor.id,
    )
    db.session.add(submission)
    try:
        db.session.flush()
    except IntegrityError:
        # Two first saves raced; the other one created it, and our revision 0 is now stale.
        db.session.rollback()
        raise StaleRevision(find_submission(task, unit_id).revision) from None

    return submission


def _clean_explanations(explanations: dict[str, str], findings: list) -> dict[str, str]:
    """Keep explanations of 核实 findings that still apply, trimmed."""
    wanted = {f.explanation_key for f in findings if f.severity is Severity.verify}

    return {
        key: text.strip()[:2000]
        for key, text in explanations.items()
        if key in wanted and text and text.strip()
    }


def mark_missing_explanations(findings: list, explanations: dict[str, str]) -> None:
    """On submit, a 核实 finding without an explanation blocks like a 强制 one."""
    for finding in findings:
        if finding.severity is Severity.verify and finding.explanation_key not in explanations:
            finding.needs_explanation = True


def _write_values(submission, definition, data: FormData, explanations) -> list[dict]:
    """Replace the stored values and explanations; return what changed, for the history.

    A first save is compared with the approved submission it was carried from, so the
    history counts what the cadre changed, not every value carried forward.
    """
    baseline = submission.values
    if not baseline and submission.carried_from_id:
        baseline = db.session.get(Submission, submission.carried_from_id).values
    old = {(v.section, v.row_key, v.field_code): _stored_text(v) for v in baseline}
    new_rows = form_values.to_value_rows(definition, data)
    new = {(r["section"], r["row_key"], r["field_code"]): _stored_text_of(r) for r in new_rows}

    submission.values.clear()
    submission.explanations.clear()
    db.session.flush()
    submission.values.extend(SubmissionValue(**row) for row in new_rows)
    submission.explanations.extend(
        RuleExplanation(rule_code=key.split(":", 1)[0], row_key=key.split(":", 1)[1], text=text)
        for key, text in explanations.items()
    )

    changes = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            changes.append(
                {
                    "section": key[0],
                    "row": key[1],
                    "field": key[2],
                    "from": old.get(key),
                    "to": new.get(key),
                }
            )

    return changes


def _stored_text(value: SubmissionValue) -> str | None:
    return form_values.format_number(value.num) if value.num is not None else value.txt


def _stored_text_of(row: dict) -> str | None:
    return form_values.format_number(row["num"]) if row["num"] is not None else row["txt"]


def load_explanations(submission: Submission | None) -> dict[str, str]:
    """A submission's 核实 explanations keyed as findings key them."""
    if submission is None:
        return {}

    return {f"{e.rule_code}:{e.row_key}": e.text for e in submission.explanations}


def approve_submission(submission: Submission, actor) -> None:
    """Approve (通过) a submitted report; approved data rolls up and carries forward."""
    _set_review_status(submission, SubmissionStatus.approved)
    submission.reviewed_at = utcnow()
    submission.reviewed_by_id = actor.id
    submission.return_reason = None
    record_event(actor, "approved", submission, unit_id=submission.unit_id)
    db.session.commit()


def return_submission(submission: Submission, actor, reason: str) -> None:
    """Return (退回) a submitted report to its unit with a reason the cadre will see."""
    reason = clean_reason(reason)
    if not reason:
        raise ValueError(str(messages.RETURN_REASON_REQUIRED))

    _set_review_status(submission, SubmissionStatus.returned)
    submission.reviewed_at = utcnow()
    submission.reviewed_by_id = actor.id
    submission.return_reason = reason
    record_event(actor, "returned", submission, unit_id=submission.unit_id, reason=reason)
    db.session.commit()


def clean_reason(text: str) -> str:
    """A reason without invisible characters around it; empty if nothing visible is left."""
    visible = "".join(
        ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc") or ch == "\n"
    )

    return visible.strip()
