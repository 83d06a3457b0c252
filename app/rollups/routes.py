"""Consolidated tables on the web and as .xlsx downloads."""

import io
import logging
from urllib.parse import quote

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import current_user, login_required

from app.access import query_templates
from app.audit import record_event
from app.excel import write_rollup_workbook
from app.extensions import db
from app.models import ReportTemplate, Role, Task
from app.periods import is_valid_period, period_label
from app.report_templates.services import get_definition
from app.rollups.services import SCOPE_STATUSES, compute_rollup

logger = logging.getLogger(__name__)
blueprint = Blueprint("rollups", __name__, url_prefix="/rollups")


def _get_rollup_or_404(template_code: str, rollup_code: str, period: str):
    if current_user.role is Role.cadre or not is_valid_period(period):
        abort(404)
    template = db.session.scalars(
        query_templates(current_user).where(ReportTemplate.code == template_code)
    ).first()
    if template is None:
        abort(404)
    scope = request.args.get("scope", "approved")
    if scope not in SCOPE_STATUSES:
        scope = "approved"
    try:
        return compute_rollup(template, rollup_code, period, scope)
    except LookupError:
        abort(404)


@blueprint.route("/<template_code>/<rollup_code>/<period>")
@login_required
def show(template_code: str, rollup_code: str, period: str):
    """A rollup computed now from the submissions in scope."""
    result = _get_rollup_or_404(template_code, rollup_code, period)
    periods = db.session.scalars(
        db.select(Task.period).filter_by(template_id=result.template.id).order_by(Task.period)
    ).all()
    definition = get_definition(result.template.current_version)

    return render_template(
        "rollups/show.html",
        result=result,
        periods=periods,
        rollups=definition.rollups,
    )


@blueprint.route("/<template_code>/<rollup_code>/<period>.xlsx")
@login_required
def export(template_code: str, rollup_code: str, period: str):
    """Download a rollup as .xlsx in the office layout."""
    result = _get_rollup_or_404(template_code, rollup_code, period)
    buffer = io.BytesIO()
    write_rollup_workbook(result, buffer, made_by=current_user.display_name)
    buffer.seek(0)

    record_event(
        current_user,
        "exported",
        result.template,
        detail={"rollup": rollup_code, "period": period, "scope": result.scope},
    )
    db.session.commit()
    filename = f"{result.title}（{period_label(period)}）.xlsx"
    response = send_file(
        buffer,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=filename,
    )
    # Flask sends filename*=UTF-8''…; an ASCII fallback keeps old browsers from guessing.
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"rollup-{period}.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )

    return response
