"""Sign-in and sign-out pages."""

import logging
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db, login_manager
from app.forms.auth import LoginForm
from app.models import User

logger = logging.getLogger(__name__)
blueprint = Blueprint("auth", __name__)
_DUMMY_HASH = generate_password_hash("not a password")


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))

    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalars(
            db.select(User).filter_by(username=form.username.data.strip())
        ).first()
        if user is None:
            # Spend the same time as a real check, so timing does not reveal usernames.
            check_password_hash(_DUMMY_HASH, form.password.data)
        elif user.is_enabled and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            logger.info("user %s signed in", user.username, extra={"user_id": user.id})
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("用户名或密码不正确，请重新输入"))

    return render_template("auth/login.html", form=form)


def _safe_next(target: str | None) -> str:
    """Only follow a `next` link that stays on this site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
        and not urlsplit(target).netloc
    ):
        return target

    return url_for("home.index")


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out."""
    logout_user()
    flash(_("已退出登录"))

    return redirect(url_for("auth.login"))
