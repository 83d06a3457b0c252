"""Reminders (催报): in-app messages to late units' cadres, and a signed group-robot post."""

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from app.extensions import db
from app.models import Notification, User
from app.tasks.reminders import signed_url
from tests.workflow import issue


class RobotHandler(BaseHTTPRequestHandler):
    """A stand-in DingTalk robot on 127.0.0.1 that records what it is sent."""

    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        RobotHandler.received.append((self.path, json.loads(body)))
        reply = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot(app):
    RobotHandler.received = []
    server = HTTPServer(("127.0.0.1", 0), RobotHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["ROBOT_WEBHOOK_URL"] = (
        f"http://127.0.0.1:{server.server_port}/robot/send?access_token=t"
    )
    app.config["ROBOT_SECRET"] = "SEC-test"
    yield RobotHandler.received
    server.shutdown()
    server.server_close()


def remind(manager, task):
    form = manager.open_form(f"/tasks/{task.id}", 0)
    return manager.post(
        f"/tasks/{task.id}/remind", form.items(("remind", "x")), follow_redirects=True
    )


def test_reminder_reaches_late_cadres_and_the_robot(demo, login, robot):
    manager = login("manager_rexian")
    task = issue(manager, "hotline_orders", "2024-12")
    nanzhou = login("cadre_nanzhou")
    form = nanzhou.open_form(f"/tasks/{task.id}/fill")
    for code, value in {
        "valid_orders": "6",
        "on_time": "6",
        "visited": "6",
        "satisfied": "6",
        "dissatisfied": "0",
        "very_dissatisfied": "0",
    }.items():
        form.set(f"f-orders-{code}", value)
    nanzhou.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))

    page = remind(manager, task).get_data(as_text=True)

    assert "已向 30 个未上报单位发出催报" in page
    late_cadre = db.session.scalars(db.select(User).filter_by(username="cadre_shuiwu")).one()
    messages = db.session.scalars(db.select(Notification).filter_by(user_id=late_cadre.id)).all()
    assert len(messages) == 1 and "2024年12月12345便民热线工单办理情况表" in messages[0].message
    assert (
        db.session.scalars(db.select(Notification).filter_by(user_id=nanzhou.user.id)).first()
        is None
    )
    path, body = robot[0]
    assert "尚有30个单位未上报" in body["text"]["content"] and "税务局" in body["text"]["content"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    expected = base64.b64encode(
        hmac.new(
            b"SEC-test", f"{query['timestamp'][0]}\nSEC-test".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert query["sign"] == [expected]

    home = login("cadre_shuiwu")
    assert "催报：请尽快填报" in home.get("/").get_data(as_text=True)
    read = home.open_form("/", 0)
    home.post(f"/notifications/{messages[0].id}/read", read.items(("read", "x")))
    assert "催报：请尽快填报" not in home.get("/").get_data(as_text=True)


def test_a_dead_robot_does_not_stop_the_reminder(demo, login, app):
    app.config["ROBOT_WEBHOOK_URL"] = "http://127.0.0.1:9/robot/send"
    manager = login("manager_rexian")
    task = issue(manager, "hotline_orders", "2024-12")

    page = remind(manager, task).get_data(as_text=True)

    assert "已向 31 个未上报单位发出催报" in page
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 31


def test_other_units_messages_cannot_be_marked(demo, login):
    manager = login("manager_rexian")
    task = issue(manager, "hotline_orders", "2024-12")
    remind(manager, task)
    other = db.session.scalars(db.select(Notification)).first()
    cadre = login("cadre_zwzx")

    response = cadre.post(f"/notifications/{other.id}/read", {"csrf_token": cadre.token()})

    assert response.status_code == 404
    assert other.read_at is None


def test_signature_matches_dingtalk_documentation_shape():
    url = signed_url("https://oapi.example/robot/send?access_token=x", "SEC1", 1700000000000)

    assert url.startswith(
        "https://oapi.example/robot/send?access_token=x&timestamp=1700000000000&sign="
    )
