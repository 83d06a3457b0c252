"""Recurring tasks: the next period issues itself, from cron or on the first request."""

from datetime import date

from app.extensions import db
from app.models import Task
from app.report_templates.services import get_template_by_code
from app.tasks import routes as task_routes


def turn_on(login, code: str):
    manager = login("manager_rexian")
    template = get_template_by_code(code)
    manager.post(f"/templates/{template.id}/auto-issue", {"csrf_token": manager.token()})
    return template


def test_cron_issues_the_next_period_once_it_begins(demo, login, app):
    template = turn_on(login, "hotline_orders")
    runner = app.test_cli_runner()

    early = runner.invoke(args=["tasks", "issue-due", "--today", "2024-11-30"])
    due = runner.invoke(args=["tasks", "issue-due", "--today", "2024-12-01"])
    again = runner.invoke(args=["tasks", "issue-due", "--today", "2024-12-02"])

    assert template.is_auto_issued
    assert "0 tasks issued" in early.output
    assert "issued hotline_orders 2024-12 to 31 units" in due.output
    assert "0 tasks issued" in again.output
    task = db.session.scalars(db.select(Task).filter_by(period="2024-12")).one()
    assert task.due_on == date(2025, 1, 5) and task.issued_by_id is None


def test_first_request_after_the_date_issues_it(demo, login):
    turn_on(login, "hotline_orders")
    task_routes._last_auto_issue["at"] = 0.0

    page = login("cadre_nanzhou").get("/").get_data(as_text=True)

    assert "2024年12月12345便民热线工单办理情况表" in page


def test_templates_not_switched_on_wait_for_their_manager(demo, app):
    result = app.test_cli_runner().invoke(args=["tasks", "issue-due"])

    assert "0 tasks issued" in result.output
    assert db.session.scalars(db.select(Task).filter_by(period="2024-12")).first() is None
