"""Bulletin sections on the web."""

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from app.bulletins.services import render_bulletin
from app.extensions import db
from app.models import BulletinTemplate, Role
from app.periods import is_valid_period

blueprint = Blueprint("bulletins", __name__, url_prefix="/bulletins")


def query_bulletins(user):
    """Bulletin templates the user may render: their unit's, or all for an admin."""
    query = db.select(BulletinTemplate).order_by(BulletinTemplate.id)
    if user.role is Role.admin:
        return query
    if user.role is Role.manager:
        return query.where(BulletinTemplate.owner_unit_id == user.unit_id)

    return query.where(db.false())


@blueprint.route("/<code>/<period>")
@login_required
def show(code: str, period: str):
    """A bulletin section for a period, computed now from approved data."""
    bulletin = db.session.scalars(
        query_bulletins(current_user).where(BulletinTemplate.code == code)
    ).first()
    if bulletin is None or not is_valid_period(period):
        abort(404)

    rendered = render_bulletin(bulletin, period)

    return render_template("bulletins/show.html", bulletin=bulletin, rendered=rendered)
