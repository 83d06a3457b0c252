"""The admin's pages for the unit tree and the accounts."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.admin.services import import_workbook
from app.audit import record_event
from app.extensions import db
from app.forms import choices
from app.forms.admin import EndUnitForm, ImportForm, ToggleUserForm, UnitForm, UserForm
from app.models import Role, Unit, UnitKind, User

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


@blueprint.before_request
@login_required
def require_admin():
    if current_user.role is not Role.admin:
        abort(403)


def _forms():
    units = db.session.scalars(db.select(Unit).order_by(Unit.sort_order, Unit.id)).all()
    unit_form, user_form = UnitForm(prefix="unit"), UserForm(prefix="user")
    unit_form.parent_id.choices = choices((u.id, u.name) for u in units)
    user_form.unit_id.choices = choices((u.id, u.name) for u in units if u.ends_on is None)

    return units, unit_form, user_form


@blueprint.route("/", methods=["GET", "POST"])
def index():
    """Units and accounts, with forms to add them one by one or from a workbook."""
    units, unit_form, user_form = _forms()
    import_form = ImportForm(prefix="import")
    report = None

    if unit_form.add_unit.data and unit_form.validate_on_submit():
        return _add_unit(unit_form)
    if user_form.add_user.data and user_form.validate_on_submit():
        return _add_user(user_form)
    if import_form.import_file.data and import_form.validate_on_submit():
        report = import_workbook(import_form.file.data.stream, current_user)
        if not report.errors:
            flash(
                _(
                    "已导入 %(units)s 个单位、%(users)s 个账号",
                    units=report.units,
                    users=report.users,
                )
            )
            return redirect(url_for("admin.index"))

    users = db.session.scalars(db.select(User).order_by(User.unit_id, User.username)).all()

    return render_template(
        "admin/index.html",
        units=units,
        users=users,
        unit_form=unit_form,
        user_form=user_form,
        import_form=import_form,
        end_form=EndUnitForm(),
        toggle_form=ToggleUserForm(),
        report=report,
    )


def _add_unit(form: UnitForm):
    if db.session.scalars(db.select(Unit).filter_by(code=form.code.data)).first():
        flash(_("单位代码已存在，请换一个"), "error")
        return redirect(url_for("admin.index"))

    count = db.session.scalar(db.select(db.func.count(Unit.id)))
    unit = Unit(
        code=form.code.data,
        name=form.name.data.strip(),
        kind=UnitKind(form.kind.data),
        parent_id=form.parent_id.data,
        starts_on=form.starts_on.data,
        sort_order=count + 1,
    )
    db.session.add(unit)
    db.session.flush()
    record_event(current_user, "created", unit)
    db.session.commit()
    flash(_("已添加单位：%(name)s", name=unit.name))

    return redirect(url_for("admin.index"))


def _add_user(form: UserForm):
    if db.session.scalars(db.select(User).filter_by(username=form.username.data)).first():
        flash(_("用户名已被使用，请换一个"), "error")
        return redirect(url_for("admin.index"))

    user = User(
        username=form.username.data,
        display_name=form.display_name.data.strip(),
        role=Role(form.role.data),
        unit_id=form.unit_id.data,
        phone=(form.phone.data or "").strip() or None,
    )
    user.set_password(form.password.data)
    db.session.add(user)
    db.session.flush()
    record_event(current_user, "created", user)
    db.session.commit()
    flash(_("已添加账号：%(name)s", name=user.username))

    return redirect(url_for("admin.index"))


@blueprint.route("/units/<int:unit_id>/end", methods=["POST"])
def end_unit(unit_id: int):
    """Close a unit from a date on, as after a township merger; its history is kept."""
    unit = db.session.get(Unit, unit_id) or abort(404)
    form = EndUnitForm()
    if form.validate_on_submit():
        unit.ends_on = form.ends_on.data
        record_event(current_user, "ended", unit, detail={"ends_on": unit.ends_on.isoformat()})
        db.session.commit()
        flash(_("已停用：%(name)s（%(day)s起）", name=unit.name, day=unit.ends_on.isoformat()))
    else:
        flash(_("请选择停用日期"), "error")

    return redirect(url_for("admin.index"))


@blueprint.route("/users/<int:user_id>/toggle", methods=["POST"])
def toggle_user(user_id: int):
    """Disable an account that should no longer sign in, or enable it again."""
    user = db.session.get(User, user_id) or abort(404)
    if user.id == current_user.id:
        flash(_("不能停用自己的账号"), "error")
    elif ToggleUserForm().validate_on_submit():
        user.is_enabled = not user.is_enabled
        record_event(current_user, "enabled" if user.is_enabled else "disabled", user)
        db.session.commit()
        flash(
            _("已启用：%(name)s", name=user.username)
            if user.is_enabled
            else _("已停用：%(name)s", name=user.username)
        )

    return redirect(url_for("admin.index"))
