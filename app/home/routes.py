"""Home pages: a cadre's tasks, a manager's templates and tasks, an admin's overview."""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.access import query_tasks, query_templates
from app.extensions import db
from app.forms.home import ReadForm
from app.home.services import (
    list_bulletin_links,
    summarize_cadre_tasks,
    summarize_manager_tasks,
)
from app.models import Notification, ReportTemplate, Role, Unit, User, utcnow
from app.tasks.reminders import query_unread

blueprint = Blueprint("home", __name__)


@blueprint.route("/")
@login_required
def index():
    """The signed-in user's home page, by role."""
    if current_user.role is Role.cadre:
        items = summarize_cadre_tasks(current_user)
        return render_template(
            "home/cadre.html",
            items=items,
            notifications=query_unread(current_user),
            read_form=ReadForm(),
        )

    templates = db.session.scalars(query_templates(current_user)).all()
    tasks = db.session.scalars(query_tasks(current_user)).all()
    summaries = summarize_manager_tasks(tasks)
    if current_user.role is Role.manager:
        return render_template(
            "home/manager.html",
            templates=templates,
            summaries=summaries,
            bulletin_links=list_bulletin_links(current_user, tasks),
        )

    return render_template(
        "home/admin.html",
        templates=db.session.scalars(db.select(ReportTemplate)).all(),
        summaries=summaries,
        unit_count=db.session.scalar(db.select(db.func.count(Unit.id))),
        user_count=db.session.scalar(db.select(db.func.count(User.id))),
    )


@blueprint.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def read_notification(notification_id: int):
    """Mark one of the user's messages as read."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)

    if ReadForm().validate_on_submit():
        notification.read_at = utcnow()
        db.session.commit()

    return redirect(url_for("home.index"))
