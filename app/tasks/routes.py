"""Issuing a task and following its progress."""

import logging
import time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import can_review, get_task_or_404, get_template_or_404, query_templates
from app.extensions import db
from app.forms import choices
from app.forms.submissions import (
    BulkApproveForm,
    DecideLateForm,
    LateRequestForm,
    RemindForm,
)
from app.forms.tasks import IssueTaskForm
from app.models import LateRequest, Role, Submission, SubmissionStatus, Task
from app.periods import default_due_on, is_overdue, next_period
from app.submissions.services import NotEditable, approve_submission
from app.tasks import late as late_requests
from app.tasks import services
from app.tasks.reminders import DONE, remind_late_units

logger = logging.getLogger(__name__)
blueprint = Blueprint("tasks", __name__, url_prefix="/tasks")


@blueprint.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Issue a template for a month to units (managers and admins)."""
    if current_user.role is Role.cadre:
        abort(403)

    templates = [t for t in db.session.scalars(query_templates(current_user)) if t.current_version]
    form = IssueTaskForm()
    form.template_id.choices = choices((t.id, t.name) for t in templates)
    form.unit_ids.choices = choices(
        (u.id, u.name) for u in db.session.scalars(services.query_assignable_units())
    )
    form.subtree_id.choices = choices(
        [(0, _("（不按上级单位选）"))] + [(u.id, u.name) for u in services.query_parent_units()]
    )
    if not templates:
        flash(_("您的单位还没有已发布的报表，请先在报表目录中设计并发布。"))
        return redirect(url_for("home.index"))

    if request.method == "GET":
        _prefill(form, request.args.get("template_id", type=int) or templates[0].id)

    if form.validate_on_submit():
        template = get_template_or_404(current_user, form.template_id.data)
        try:
            task = services.issue_task(
                template,
                form.period.data.strip(),
                form.due_on.data,
                services.resolve_unit_ids(
                    form.unit_ids.data, form.unit_kinds.data, form.subtree_id.data
                ),
                current_user,
                is_closed_after_due=form.is_closed_after_due.data,
            )
        except services.TaskError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(_("已下发：%(title)s", title=task.title))
            if is_overdue(task.due_on):
                flash(_("注意：截止日期已过，各单位会立即显示为已逾期。"), "error")
            return redirect(url_for("tasks.show", task_id=task.id))

    return render_template("tasks/new.html", form=form)


def _prefill(form: IssueTaskForm, template_id: int) -> None:
    """Suggest next month, its usual deadline and last month's units."""
    template = get_template_or_404(current_user, template_id)
    form.template_id.data = template.id
    latest = max((t.period for t in _template_tasks(template)), default=None)
    suggested = next_period(latest) if latest else None
    if suggested:
        form.period.data = suggested
        form.due_on.data = default_due_on(suggested)
    form.unit_ids.data = services.default_unit_ids(template)


def _template_tasks(template):
    return db.session.scalars(db.select(Task).filter_by(template_id=template.id)).all()


@blueprint.route("/<int:task_id>")
@login_required
def show(task_id: int):
    """A task's progress: every unit's status, with review links."""
    task = get_task_or_404(current_user, task_id)
    if not can_review(current_user, task):
        return redirect(url_for("submissions.fill", task_id=task.id))

    rows = services.query_progress(task)
    form = BulkApproveForm()
    late = sum(1 for row in rows if not (row.submission and row.submission.status in DONE))

    return render_template(
        "tasks/show.html",
        task=task,
        rows=rows,
        form=form,
        remind_form=RemindForm(),
        late=late,
        late_requests=late_requests.query_pending(task),
        decide_form=DecideLateForm(),
    )


@blueprint.route("/<int:task_id>/remind", methods=["POST"])
@login_required
def remind(task_id: int):
    """Remind every unit that has not reported (催报)."""
    task = get_task_or_404(current_user, task_id)
    if not can_review(current_user, task):
        abort(403)

    if RemindForm().validate_on_submit():
        count = remind_late_units(task, current_user)
        if count:
            flash(_("已向 %(n)s 个未上报单位发出催报", n=count))
        else:
            flash(_("所有单位都已上报，无需催报"))

    return redirect(url_for("tasks.show", task_id=task.id))


@blueprint.route("/<int:task_id>/approve", methods=["POST"])
@login_required
def approve_selected(task_id: int):
    """Approve the selected submitted reports of a task."""
    task = get_task_or_404(current_user, task_id)
    if not can_review(current_user, task):
        abort(403)

    ids = [int(i) for i in request.form.getlist("submission_ids") if i.isdigit()]
    form = BulkApproveForm()
    form.submission_ids.choices = choices((i, i) for i in ids)
    approved = 0
    if form.validate_on_submit():
        submissions = db.session.scalars(
            db.select(Submission).where(
                Submission.task_id == task.id,
                Submission.id.in_(ids),
                Submission.status == SubmissionStatus.submitted,
            )
        ).all()
        for submission in submissions:
            try:
                approve_submission(submission, current_user)
                approved += 1
            except NotEditable:
                continue
    if not ids:
        flash(_("请先勾选要通过的报表"), "error")
    else:
        flash(_("已审核通过 %(count)s 份报表", count=approved))

    return redirect(url_for("tasks.show", task_id=task.id))


@blueprint.route("/<int:task_id>/late-request", methods=["POST"])
@login_required
def request_late(task_id: int):
    """A cadre asks to report after the deadline (补报)."""
    task = get_task_or_404(current_user, task_id)
    if current_user.role is not Role.cadre:
        abort(403)

    form = LateRequestForm()
    if form.validate_on_submit():
        try:
            late_requests.request_late(task, current_user.unit_id, current_user, form.reason.data)
            flash(_("已提交补报申请，等待主管部门审核"))
        except late_requests.LateRequestError as error:
            flash(str(error), "error")
    else:
        flash(_("请写明补报原因"), "error")

    return redirect(url_for("submissions.fill", task_id=task.id))


@blueprint.route("/late-requests/<int:request_id>/decide", methods=["POST"])
@login_required
def decide_late(request_id: int):
    """The manager grants or refuses a 补报 request."""
    late_request = db.session.get(LateRequest, request_id) or abort(404)
    task = get_task_or_404(current_user, late_request.task_id)
    if not can_review(current_user, task):
        abort(403)

    form = DecideLateForm()
    if form.validate_on_submit():
        try:
            late_requests.decide(late_request, current_user, grant=bool(form.grant.data))
            flash(_("已处理补报申请：%(unit)s", unit=late_request.unit.name))
        except late_requests.LateRequestError as error:
            flash(str(error), "error")

    return redirect(url_for("tasks.show", task_id=task.id))


# The first request after a period begins issues what is due, at most every ten minutes per
# worker, so a county without cron still gets its tasks.
AUTO_ISSUE_INTERVAL = 600
_last_auto_issue = {"at": 0.0}


@blueprint.before_app_request
def issue_due_on_first_request():
    """Issue auto-issued templates' next periods once they have begun."""
    now = time.monotonic()
    if now - _last_auto_issue["at"] < AUTO_ISSUE_INTERVAL:
        return
    _last_auto_issue["at"] = now
    try:
        services.issue_due_tasks()
    except Exception:  # the page asked for must not fail because of a background chore
        db.session.rollback()
        logger.exception("auto-issue on request failed")
