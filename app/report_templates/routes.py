"""The template register (目录清单) of a department, with export and import of template files."""

import io
import json
import logging

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.access import get_template_or_404, query_templates
from app.audit import record_event
from app.extensions import db
from app.forms.report_templates import ImportTemplateForm
from app.models import Role
from app.report_templates.files import TemplateFileError, export_template, read_template_file
from app.report_templates.services import TemplateOwnedElsewhere, import_template

logger = logging.getLogger(__name__)
blueprint = Blueprint("report_templates", __name__, url_prefix="/templates")

MAX_TEMPLATE_FILE = 2 * 1024 * 1024


@blueprint.route("/", methods=["GET", "POST"])
@login_required
def index():
    """The templates the user manages, and a form to import one from a file."""
    if current_user.role is Role.cadre:
        abort(403)

    form = ImportTemplateForm()
    if form.validate_on_submit():
        data = form.file.data.read(MAX_TEMPLATE_FILE + 1)
        try:
            if len(data) > MAX_TEMPLATE_FILE:
                raise TemplateFileError(_("表样文件不能超过2MB"))
            header, definition = read_template_file(data)
            version = import_template(header, definition, current_user.unit_id)
            db.session.flush()
            record_event(
                current_user, "imported", version.template, detail={"version": version.number}
            )
            db.session.commit()
        except TemplateFileError as error:
            form.file.errors.append(str(error))
        except TemplateOwnedElsewhere:
            db.session.rollback()
            form.file.errors.append(_("报表代码已被其他部门使用，请修改文件中的代码后再导入"))
        else:
            flash(_("已导入：%(name)s（第%(n)s版）", name=version.template.name, n=version.number))
            return redirect(url_for("report_templates.index"))

    templates = db.session.scalars(query_templates(current_user)).all()

    return render_template("report_templates/index.html", templates=templates, form=form)


@blueprint.route("/<int:template_id>.json")
@login_required
def export(template_id: int):
    """Download a template as a tongbao-template/1 file."""
    template = get_template_or_404(current_user, template_id)
    body = json.dumps(export_template(template), ensure_ascii=False, indent=2)
    logger.info("template %s exported by %s", template.code, current_user.username)

    return send_file(
        io.BytesIO(body.encode("utf-8")),
        mimetype="application/json",
        as_attachment=True,
        download_name=f"{template.code}.json",
    )
