"""Error pages in Chinese that say what to do; no exception text ever reaches a user."""

import logging

from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from app.extensions import db

logger = logging.getLogger(__name__)


def register(app) -> None:
    """Install the handlers."""

    @app.errorhandler(403)
    def forbidden(_error):
        message = _("您没有权限查看这个页面。如需访问，请联系本单位管理员。")
        return render_template("errors/error.html", title=_("无权访问"), message=message), 403

    @app.errorhandler(404)
    def not_found(_error):
        message = _("找不到这个页面，它可能已被删除，或不属于您的单位。请从首页重新进入。")
        return render_template("errors/error.html", title=_("页面不存在"), message=message), 404

    @app.errorhandler(413)
    def too_large(_error):
        message = _("提交的内容过大。请减少行数或缩短文字后再试。")
        return render_template("errors/error.html", title=_("内容过大"), message=message), 413

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        message = _("页面已过期，请返回上一页刷新后再操作。")
        return render_template("errors/error.html", title=_("页面已过期"), message=message), 400

    @app.errorhandler(500)
    def server_error(_error):
        # A failed statement leaves the session unusable; the error page must not need it.
        db.session.rollback()
        logger.error("server error", exc_info=True)
        message = _("系统出了点问题，已记录下来。请稍后再试，或联系县数据局。")
        return render_template("errors/error.html", title=_("系统繁忙"), message=message), 500
