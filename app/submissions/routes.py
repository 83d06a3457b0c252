"""Filling a form (cadres) and reviewing it (managers)."""

from collections import defaultdict

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import messages
from app.access import can_review, get_submission_or_404, get_task_or_404
from app.audit import query_events
from app.extensions import csrf
from app.forms.submissions import ApproveForm, FillForm, LateRequestForm, ReturnForm
from app.models import Role
from app.report_templates.definition import SectionKind
from app.report_templates.services import get_definition
from app.submissions import services
from app.submissions import values as form_values
from app.submissions.values import Row, new_row_key
from app.tasks.late import find_request, is_fill_open

blueprint = Blueprint("submissions", __name__)

EXPLAIN_PREFIX = "explain-"


# The global CSRF check would answer a stale token with an error page and lose what was
# typed; FillForm checks the token itself, and a failure re-renders the form with its values.
@blueprint.route("/tasks/<int:task_id>/fill", methods=["GET", "POST"])
@csrf.exempt
@login_required
def fill(task_id: int):
    """The cadre's form for a task: opens carried forward, saves, submits."""
    task = get_task_or_404(current_user, task_id)
    if current_user.role is not Role.cadre:
        return redirect(url_for("tasks.show", task_id=task.id))

    submission = services.find_submission(task, current_user.unit_id)
    if submission is not None and submission.status not in services.EDITABLE:
        if request.method == "POST":
            flash(_("这份报表已上报，不能再修改。如需修改，请联系审核人员退回。"), "error")
        return redirect(url_for("submissions.show", submission_id=submission.id))

    if not is_fill_open(task, current_user.unit_id):
        return _render_closed(task)

    definition = get_definition(task.template_version)
    form = FillForm()
    if request.method == "POST":
        return _post_fill(task, submission, definition, form)

    if submission is None:
        data, previous = services.start_form(task, current_user.unit_id)
        findings = []
        form.revision.data = "0"
    else:
        data, previous = services.load_form(submission), None
        findings = services.check_form(definition, data, task, current_user.unit_id)
        if request.args.get("tried") == "submit":
            # The refused 上报 said which 核实 findings lack an explanation; say it again.
            services.mark_missing_explanations(findings, services.load_explanations(submission))
        form.revision.data = str(submission.revision)
        form.filled_by.data = submission.filled_by
        form.contact_phone.data = submission.contact_phone
    added_key = _add_empty_row(definition, data, request.args.get("add"))

    return _render_fill(
        task,
        submission,
        definition,
        data,
        form,
        findings,
        explanations=services.load_explanations(submission),
        carried_from=previous,
        added_key=added_key,
    )


def _render_closed(task):
    """The deadline passed on a task that closes: say so, and offer a 补报 request."""
    return render_template(
        "tasks/closed.html",
        task=task,
        late_request=find_request(task, current_user.unit_id),
        form=LateRequestForm(),
    )


def _post_fill(task, submission, definition, form):
    try:
        data = form_values.form_from_input(definition, request.form)
    except form_values.TooManyRows:
        message = messages.TOO_MANY_ROWS % {"max": form_values.MAX_ROSTER_ROWS}
        return render_template("errors/error.html", title=_("行数过多"), message=message), 413
    _drop_removed_rows(definition, data)
    explanations = {
        key[len(EXPLAIN_PREFIX) :]: text
        for key, text in request.form.items()
        if key.startswith(EXPLAIN_PREFIX)
    }

    def render_again(message: str, revision: int | None = None):
        # Nothing typed is lost: the page comes back with exactly what was posted.
        services.attach_year_bases(definition, data, task, current_user.unit_id)
        form_values.compute(definition, data)
        if revision is not None:
            form.revision.data = str(revision)
        flash(message, "error")
        findings = services.check_form(definition, data, task, current_user.unit_id)
        return _render_fill(task, submission, definition, data, form, findings, explanations)

    if not form.validate_on_submit():
        if form.csrf_token.errors:
            return render_again(str(messages.CSRF_EXPIRED))
        return render_again(_("请检查标红的内容后再保存"))

    try:
        result = services.save_submission(
            task,
            current_user.unit_id,
            data,
            current_user,
            revision=_posted_revision(form),
            filled_by=form.filled_by.data or "",
            contact_phone=form.contact_phone.data or "",
            explanations=explanations,
            submit=bool(form.submit.data),
        )
    except services.StaleRevision as stale:
        return render_again(str(messages.STALE_REVISION), stale.args[0])
    except services.NotEditable:
        flash(_("这份报表已上报，不能再修改。如需修改，请联系审核人员退回。"), "error")
        return redirect(url_for("home.index"))
    except services.FillClosed:
        return _render_closed(task)

    return _after_save(task, result)


def _posted_revision(form) -> int:
    """The revision the form was opened at; anything unreadable counts as stale."""
    text = form.revision.data or "0"

    return int(text) if text.isdigit() and len(text) < 10 else -1


def _after_save(task, result):
    if result.submitted:
        flash(_("已上报，等待审核"))
        return redirect(url_for("submissions.show", submission_id=result.submission.id))

    tried = None
    if "submit" in request.form:
        tried = "submit"
        flash(
            _(
                "未能上报：请先处理页面上方列出的问题。核实项如数据无误，请在“核实说明”中写明原因后再上报。已填内容已暂存。"
            ),
            "error",
        )
    else:
        flash(_("已暂存"))
    add = request.form.get("add_row") or None

    anchor = "new-row" if add else None

    return redirect(
        url_for("submissions.fill", task_id=task.id, add=add, tried=tried, _anchor=anchor)
    )


def _drop_removed_rows(definition, data) -> None:
    for section in definition.sections:
        if section.kind is not SectionKind.roster:
            continue
        removed = set(request.form.getlist(f"remove-{section.code}"))
        data[section.code] = [row for row in data[section.code] if row.key not in removed]


def _add_empty_row(definition, data, section_code: str | None) -> str | None:
    """Append an empty roster row after 添加一行; return its key so the page can jump to it."""
    section = definition.get_section(section_code or "")
    if section is None or section.kind is not SectionKind.roster:
        return None

    row = Row(new_row_key())
    data[section.code].append(row)

    return row.key


def place_findings(findings: list) -> dict:
    """Findings by (section, row, field), so each shows beside what it is about."""
    placed = defaultdict(list)
    for finding in findings:
        placed[(finding.section, finding.row_key, finding.field)].append(finding)

    return placed


def _render_fill(
    task,
    submission,
    definition,
    data,
    form,
    findings,
    explanations,
    carried_from=None,
    added_key=None,
):
    return render_template(
        "submissions/fill.html",
        task=task,
        submission=submission,
        definition=definition,
        data=data,
        form=form,
        findings=findings,
        placed=place_findings(findings),
        explanations=explanations,
        carried_from=carried_from,
        input_name=form_values.input_name,
        added_key=added_key,
    )


@blueprint.route("/submissions/<int:submission_id>", methods=["GET"])
@login_required
def show(submission_id: int):
    """A submission read-only, with its checks, explanations, history and review actions."""
    submission = get_submission_or_404(current_user, submission_id)
    definition = get_definition(submission.template_version)
    data = services.load_form(submission)
    findings = services.check_form(definition, data, submission.task, submission.unit_id)

    return render_template(
        "submissions/show.html",
        submission=submission,
        task=submission.task,
        definition=definition,
        data=data,
        findings=findings,
        placed=place_findings(findings),
        explanations=services.load_explanations(submission),
        events=query_events(submission),
        can_review=can_review(current_user, submission.task),
        approve_form=ApproveForm(),
        return_form=ReturnForm(),
    )


@blueprint.route("/submissions/<int:submission_id>/approve", methods=["POST"])
@login_required
def approve(submission_id: int):
    """Approve a submitted report."""
    submission = get_submission_or_404(current_user, submission_id)
    if not can_review(current_user, submission.task):
        abort(403)

    form = ApproveForm()
    if form.validate_on_submit():
        try:
            services.approve_submission(submission, current_user)
            flash(_("已审核通过：%(unit)s", unit=submission.unit.name))
        except services.NotEditable:
            flash(_("这份报表不在待审核状态，未作改动。"), "error")

    return redirect(url_for("tasks.show", task_id=submission.task_id))


@blueprint.route("/submissions/<int:submission_id>/return", methods=["POST"])
@login_required
def return_(submission_id: int):
    """Return a submitted report to its unit with a reason."""
    submission = get_submission_or_404(current_user, submission_id)
    if not can_review(current_user, submission.task):
        abort(403)

    form = ReturnForm()
    if not form.validate_on_submit():
        flash(_("退回时请写明原因，以便填报单位修改"), "error")
        return redirect(url_for("submissions.show", submission_id=submission.id))
    try:
        services.return_submission(submission, current_user, form.reason.data)
        flash(_("已退回：%(unit)s", unit=submission.unit.name))
    except services.NotEditable:
        flash(_("这份报表不在待审核状态，未作改动。"), "error")

    return redirect(url_for("tasks.show", task_id=submission.task_id))
