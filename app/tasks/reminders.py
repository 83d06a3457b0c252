"""Reminders (催报): in the app for every cadre of a late unit, and to a group robot.

The robot is a DingTalk or WeCom group webhook set in the configuration (ROBOT_WEBHOOK_URL,
and ROBOT_SECRET for DingTalk's signed requests). A robot that fails never stops the
reminder: the cadres' in-app messages are written first, and the failure is logged.
"""

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.parse
import urllib.request

from flask import current_app
from flask_babel import gettext as _

from app.audit import record_event
from app.extensions import db
from app.models import Notification, Role, SubmissionStatus, Task, User
from app.periods import period_label
from app.tasks.services import query_progress

logger = logging.getLogger(__name__)

DONE = (SubmissionStatus.submitted, SubmissionStatus.approved)


def remind_late_units(task: Task, actor) -> int:
    """Remind every unit of the task that has not reported; return how many units."""
    late = [row.unit for row in query_progress(task) if not _has_reported(row)]
    if not late:
        return 0

    message = _(
        "催报：请尽快填报《%(title)s》，截止日期%(due)s。",
        title=task.title,
        due=task.due_on.isoformat(),
    )
    cadres = db.session.scalars(
        db.select(User).where(
            User.unit_id.in_([u.id for u in late]),
            User.role == Role.cadre,
            User.is_enabled.is_(True),
        )
    ).all()
    db.session.add_all(Notification(user_id=c.id, task_id=task.id, message=message) for c in cadres)
    record_event(actor, "reminded", task, detail={"units": [u.name for u in late]})
    db.session.commit()

    names = "、".join(u.name for u in late)
    robot_text = _(
        "【统报催报】%(period)s《%(name)s》尚有%(n)s个单位未上报：%(names)s。截止日期%(due)s。",
        period=period_label(task.period),
        name=task.template.name,
        n=len(late),
        names=names,
        due=task.due_on.isoformat(),
    )
    send_to_robot(robot_text)

    return len(late)


def _has_reported(row) -> bool:
    return row.submission is not None and row.submission.status in DONE


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: HMAC-SHA256 of "timestamp\\nsecret", base64, in the URL."""
    text = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), text, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    joiner = "&" if "?" in url else "?"

    return f"{url}{joiner}timestamp={timestamp_ms}&sign={sign}"


def send_to_robot(text: str) -> bool:
    """Post a text message to the configured group robot; False if none or it failed."""
    url = current_app.config.get("ROBOT_WEBHOOK_URL")
    if not url:
        return False
    secret = current_app.config.get("ROBOT_SECRET")
    if secret:
        url = signed_url(url, secret, int(time.time() * 1000))

    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False)
    request = urllib.request.Request(
        url,
        data=body.encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            reply = json.loads(response.read() or b"{}")
    except (OSError, ValueError):
        logger.warning("group robot did not take the reminder", exc_info=True)
        return False
    if reply.get("errcode", 0) != 0:
        logger.warning("group robot refused the reminder: %s", reply.get("errmsg"))
        return False

    return True


def query_unread(user) -> list[Notification]:
    """The user's unread messages, newest first."""
    return db.session.scalars(
        db.select(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc())
        .limit(10)
    ).all()
