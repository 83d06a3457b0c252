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
from app.forms import choices
from app.forms.designer import (
    FIELD_TYPES,
    FieldForm,
    PublishForm,
    RemoveForm,
    RuleForm,
    SectionForm,
    TemplateHeaderForm,
)
from app.forms.report_templates import ImportTemplateForm
from app.models import ReportTemplate, Role
from app.report_templates import designer
from app.report_templates.definition import (
    SectionKind,
    parse_definition,
)
from app.report_templates.designer import get_draft
from app.report_templates.files import TemplateFileError, export_template, read_template_file
from app.report_templates.services import (
    TemplateOwnedElsewhere,
    get_template_by_code,
    import_template,
)
from app.submissions import values as form_values

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

    return render_template(
        "report_templates/index.html",
        templates=templates,
        form=form,
        toggle_form=RemoveForm(),
    )


@blueprint.route("/<int:template_id>/auto-issue", methods=["POST"])
@login_required
def auto_issue(template_id: int):
    """Turn on or off issuing the next period's task by itself."""
    template = get_template_or_404(current_user, template_id)
    if RemoveForm().validate_on_submit():
        template.is_auto_issued = not template.is_auto_issued
        record_event(current_user, "auto_issue", template, detail={"on": template.is_auto_issued})
        db.session.commit()
        if template.is_auto_issued:
            flash(
                _("已开启自动下发：每期开始时按上一期的单位自动下发“%(name)s”", name=template.name)
            )
        else:
            flash(_("已关闭自动下发：%(name)s", name=template.name))

    return redirect(url_for("report_templates.index"))


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


@blueprint.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Start a template: its register entry first, then the designer."""
    if current_user.role is Role.cadre:
        abort(403)

    form = TemplateHeaderForm()
    if form.validate_on_submit():
        if get_template_by_code(form.code.data):
            form.code.errors.append(_("报表代码已存在，请换一个"))
        else:
            template = ReportTemplate(owner_unit_id=current_user.unit_id)
            form.populate_obj(template)
            template.draft_definition = get_draft(template)
            db.session.add(template)
            db.session.flush()
            record_event(current_user, "created", template)
            db.session.commit()
            return redirect(url_for("report_templates.design", template_id=template.id))

    return render_template("report_templates/new.html", form=form)


def _designer_forms(draft: dict) -> tuple:
    sections = [(s["code"], s.get("title") or s["code"]) for s in draft["sections"]]
    fields = [
        (f["code"], f"{s.get('title') or s['code']} · {f['label']}")
        for s in draft["sections"]
        for f in s.get("fields", [])
    ]
    field_form = FieldForm(prefix="field")
    field_form.section.choices = choices(sections)
    rule_form = RuleForm(prefix="rule")
    rule_form.section.choices = choices(
        [("", _("（整张表）"))]
        + [(code, title) for code, title in sections if _kind(draft, code) != "fields"]
    )
    rule_form.field.choices = choices([("", _("（不指定）"))] + fields)

    return SectionForm(prefix="section"), field_form, rule_form


def _kind(draft: dict, code: str) -> str:
    return next(s.get("kind", "fields") for s in draft["sections"] if s["code"] == code)


@blueprint.route("/<int:template_id>/design", methods=["GET", "POST"])
@login_required
def design(template_id: int):
    """The designer: the draft as it stands, and forms to add sections, fields and rules."""
    template = get_template_or_404(current_user, template_id)
    draft = get_draft(template)
    section_form, field_form, rule_form = _designer_forms(draft)

    try:
        if section_form.add_section.data and section_form.validate_on_submit():
            designer.add_section(template, _section_of(section_form))
        elif field_form.add_field.data and field_form.validate_on_submit():
            designer.add_field(template, field_form.section.data, _field_of(field_form))
        elif rule_form.add_rule.data and rule_form.validate_on_submit():
            designer.add_rule(template, _rule_of(rule_form))
        else:
            return _render_designer(template, draft, section_form, field_form, rule_form)
    except designer.DesignError as error:
        flash(_("未保存：%(reason)s", reason=error), "error")
        return _render_designer(template, draft, section_form, field_form, rule_form)

    db.session.commit()
    flash(_("已保存到草稿"))

    return redirect(url_for("report_templates.design", template_id=template.id))


def _render_designer(template, draft, section_form, field_form, rule_form):
    return render_template(
        "report_templates/design.html",
        template=template,
        draft=draft,
        section_form=section_form,
        field_form=field_form,
        rule_form=rule_form,
        remove_form=RemoveForm(),
        publish_form=PublishForm(),
        field_types=dict(FIELD_TYPES),
    )


def _section_of(form: SectionForm) -> dict:
    section = {"code": form.code.data, "title": form.title.data.strip(), "kind": form.kind.data}
    if form.kind.data == "grid":
        section["rows"] = _grid_rows(form.rows.data or "")
    if form.kind.data == "roster":
        section["key_columns"] = []
    section["fields"] = []

    return section


def _grid_rows(text: str) -> list[dict]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if not parts[0]:
            continue
        if len(parts) < 2 or not parts[1]:
            raise designer.DesignError(_("固定表第%(n)s行请写成“代码,名称,栏次”", n=number))
        rows.append(
            {"code": parts[0], "label": parts[1], "line": parts[2] if len(parts) > 2 else ""}
        )
    if not rows:
        raise designer.DesignError(_("固定表至少要有一行"))

    return rows


def _field_of(form: FieldForm) -> dict:
    field = {
        "code": form.code.data,
        "label": form.label.data.strip(),
        "type": form.type.data,
        "carry": form.carry.data,
    }
    optional = {
        "unit": (form.unit.data or "").strip(),
        "definition": (form.definition.data or "").strip(),
        "help": (form.help.data or "").strip(),
        "display": "percent" if form.display_percent.data else "",
        "required": form.required.data,
        "min": None if form.min.data is None else str(form.min.data),
        "max": None if form.max.data is None else str(form.max.data),
        "places": form.places.data,
        "expression": (form.expression.data or "").strip(),
        "relevant": (form.relevant.data or "").strip(),
    }
    field.update({key: value for key, value in optional.items() if value not in (None, "", False)})
    choices = [c.strip() for c in (form.choices.data or "").splitlines() if c.strip()]
    if choices:
        field["choices"] = choices
    if form.type.data in ("choice", "multi_choice") and not choices:
        raise designer.DesignError(_("单选、多选指标请填写选项，每行一个"))
    if form.type.data == "computed" and not field.get("expression"):
        raise designer.DesignError(_("计算项请填写计算公式，例如 total_score / staff"))

    return field


def _rule_of(form: RuleForm) -> dict:
    rule = {
        "code": form.code.data,
        "severity": form.severity.data,
        "expression": form.expression.data.strip(),
        "message": form.message.data.strip(),
    }
    if form.section.data:
        rule["section"] = form.section.data
    if form.field.data:
        rule["field"] = form.field.data

    return rule


@blueprint.route("/<int:template_id>/design/<kind>/<code>/remove", methods=["POST"])
@login_required
def remove(template_id: int, kind: str, code: str):
    """Remove a section, field or rule from the draft."""
    template = get_template_or_404(current_user, template_id)
    if kind not in ("section", "field", "rule"):
        abort(404)

    if RemoveForm().validate_on_submit():
        try:
            designer.remove_item(template, kind, code)
            db.session.commit()
            flash(_("已从草稿中删除"))
        except designer.DesignError as error:
            flash(_("未删除：%(reason)s", reason=error), "error")

    return redirect(url_for("report_templates.design", template_id=template.id))


@blueprint.route("/<int:template_id>/publish", methods=["POST"])
@login_required
def publish(template_id: int):
    """Publish the draft as the template's next version."""
    template = get_template_or_404(current_user, template_id)

    if PublishForm().validate_on_submit():
        try:
            version = designer.publish(template, current_user)
        except designer.DesignError as error:
            flash(str(error), "error")
        else:
            db.session.flush()
            record_event(current_user, "published", template, detail={"version": version.number})
            db.session.commit()
            flash(_("已发布第%(n)s版，之后下发的任务使用新版本", n=version.number))

    return redirect(url_for("report_templates.design", template_id=template.id))


@blueprint.route("/<int:template_id>/preview")
@login_required
def preview(template_id: int):
    """The draft as a cadre will see it, with checks on what is typed; nothing is saved."""
    template = get_template_or_404(current_user, template_id)
    definition = parse_definition(get_draft(template))
    data = form_values.empty_form(definition)
    for section in definition.sections:
        if section.kind is SectionKind.roster:
            # One empty row shows the manager the roster's columns.
            data[section.code].append(form_values.Row(form_values.new_row_key()))
    form_values.compute(definition, data)

    return render_template(
        "report_templates/preview.html",
        template=template,
        definition=definition,
        data=data,
        placed={},
        input_name=form_values.input_name,
    )
