"""Tasks that close at their deadline, and late-submission requests (补报)."""

from app.extensions import db
from app.models import LateRequest, Submission, Task
from app.report_templates.services import get_template_by_code

COUNTS = {
    "valid_orders": "6",
    "on_time": "6",
    "visited": "6",
    "satisfied": "6",
    "dissatisfied": "0",
    "very_dissatisfied": "0",
}


def issue_closing(manager) -> Task:
    template = get_template_by_code("hotline_orders")
    form = manager.open_form(f"/tasks/new?template_id={template.id}")
    form.set("period", "2024-12")
    form.set("is_closed_after_due", "y")
    manager.post("/tasks/new", form.items(("submit", "下发")))
    return db.session.scalars(db.select(Task).filter_by(period="2024-12")).one()


def test_closed_task_needs_a_granted_request(demo, login):
    manager = login("manager_rexian")
    task = issue_closing(manager)
    cadre = login("cadre_nanzhou")

    closed = cadre.get(f"/tasks/{task.id}/fill").get_data(as_text=True)
    forced = cadre.post(
        f"/tasks/{task.id}/fill",
        {"csrf_token": cadre.token(), "f-orders-valid_orders": "6", "save": "x"},
    )
    request_form = cadre.open_form(f"/tasks/{task.id}/fill")
    request_form.set("reason", "乡镇干部下村抗洪，未能按时填报")
    cadre.post(f"/tasks/{task.id}/late-request", request_form.items(("request_late", "x")))
    pending = cadre.get(f"/tasks/{task.id}/fill").get_data(as_text=True)

    assert "填报已于 2025-01-05 截止" in closed
    assert "已于 2025-01-05 截止" in forced.get_data(as_text=True)
    assert db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).first() is None
    assert "补报申请已提交，等待审核" in pending

    progress = manager.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "乡镇干部下村抗洪" in progress
    late = db.session.scalars(db.select(LateRequest)).one()
    decide = manager.open_form(f"/tasks/{task.id}", 1)
    manager.post(f"/tasks/late-requests/{late.id}/decide", decide.items(("grant", "x")))

    form = cadre.open_form(f"/tasks/{task.id}/fill")
    for code, value in COUNTS.items():
        form.set(f"f-orders-{code}", value)
    cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))
    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()
    assert late.status.value == "granted"
    assert submission.status.value == "submitted"


def test_refused_request_keeps_the_form_closed(demo, login):
    manager = login("manager_rexian")
    task = issue_closing(manager)
    cadre = login("cadre_shuiwu")
    request_form = cadre.open_form(f"/tasks/{task.id}/fill")
    request_form.set("reason", "忘记了")
    cadre.post(f"/tasks/{task.id}/late-request", request_form.items(("request_late", "x")))
    again = cadre.post(
        f"/tasks/{task.id}/late-request",
        request_form.items(("request_late", "x")),
        follow_redirects=True,
    )
    late = db.session.scalars(db.select(LateRequest)).one()

    decide = manager.open_form(f"/tasks/{task.id}", 1)
    manager.post(f"/tasks/late-requests/{late.id}/decide", decide.items(("refuse", "x")))
    page = cadre.get(f"/tasks/{task.id}/fill").get_data(as_text=True)

    assert "已提交过补报申请" in again.get_data(as_text=True)
    assert late.status.value == "refused"
    assert "上次的补报申请未获同意" in page


def test_tasks_that_stay_open_accept_late_reports(demo, login):
    from tests.workflow import issue

    task = issue(login("manager_rexian"), "hotline_orders", "2024-12")

    page = login("cadre_nanzhou").get(f"/tasks/{task.id}/fill").get_data(as_text=True)

    assert 'name="f-orders-valid_orders"' in page


def test_no_request_while_the_form_is_open_and_grants_survive_new_requests(demo, login):
    from tests.workflow import issue

    open_task = issue(login("manager_rexian"), "hotline_orders", "2025-01")
    cadre = login("cadre_nanzhou")
    request_form = {"csrf_token": cadre.token(), "reason": "想补报", "request_late": "x"}

    response = cadre.post(
        f"/tasks/{open_task.id}/late-request", request_form, follow_redirects=True
    )

    assert "无需申请补报" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(LateRequest)).first() is None
