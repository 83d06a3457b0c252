"""A unit never sees another unit's data; managers see only their own templates' tasks."""

import pytest

from app.extensions import db
from app.models import Submission, Task, Unit
from app.report_templates.services import get_template_by_code


def submission_of(unit_name: str, template_code: str) -> Submission:
    return db.session.scalars(
        db.select(Submission)
        .join(Submission.unit)
        .join(Submission.task)
        .where(Unit.name == unit_name, Task.template.has(code=template_code))
    ).first()


@pytest.mark.parametrize(
    "username, unit, template, status",
    [
        ("cadre_shuiwu", "税务局", "hotline_orders", 200),
        ("cadre_shuiwu", "南洲镇", "hotline_orders", 404),
        ("cadre_nanzhou", "税务局", "hotline_orders", 404),
        ("cadre_nanzhou", "县政务服务中心", "window_appraisal", 404),
        ("manager_rexian", "税务局", "hotline_orders", 200),
        ("manager_rexian", "县政务服务中心", "window_appraisal", 404),
        ("manager_zwzx", "税务局", "hotline_orders", 404),
        ("manager_zwzx", "县政务服务中心", "window_appraisal", 200),
        ("admin", "税务局", "hotline_orders", 200),
    ],
)
def test_submission_pages_by_role_and_unit(demo, login, username, unit, template, status):
    submission = submission_of(unit, template)

    response = login(username).get(f"/submissions/{submission.id}")

    assert response.status_code == status


def test_cadre_cannot_fill_another_units_task(demo, login):
    window_task = db.session.scalars(
        db.select(Task).where(Task.template.has(code="window_appraisal"))
    ).first()

    response = login("cadre_nanzhou").get(f"/tasks/{window_task.id}/fill")

    assert response.status_code == 404
    assert "不属于您的单位" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "username, url, status",
    [
        ("cadre_nanzhou", "/rollups/hotline_orders/by_unit/2024-11", 404),
        ("cadre_nanzhou", "/rollups/hotline_orders/by_unit/2024-11.xlsx", 404),
        ("manager_zwzx", "/rollups/hotline_orders/by_unit/2024-11", 404),
        ("manager_rexian", "/rollups/hotline_orders/by_unit/2024-11", 200),
        ("manager_zwzx", "/bulletins/hotline/2024-11", 404),
        ("cadre_shuiwu", "/bulletins/hotline/2024-11", 404),
        ("manager_rexian", "/bulletins/hotline/2024-11", 200),
        ("cadre_nanzhou", "/tasks/new", 403),
        ("cadre_nanzhou", "/templates/", 403),
        ("manager_zwzx", "/templates/", 200),
        ("manager_zwzx", "/templates/2.json", 404),
        ("manager_rexian", "/templates/2.json", 200),
        ("manager_rexian", "/rollups/hotline_orders/by_unit/not-a-month", 404),
    ],
)
def test_output_pages_by_role(demo, login, username, url, status):
    assert login(username).get(url).status_code == status


def test_cadre_cannot_approve_or_return(demo, login):
    cadre = login("cadre_shuiwu")
    submission = submission_of("税务局", "hotline_orders")
    token = cadre.token()

    approve = cadre.post(f"/submissions/{submission.id}/approve", {"csrf_token": token})
    returned = cadre.post(
        f"/submissions/{submission.id}/return", {"csrf_token": token, "reason": "x"}
    )

    assert approve.status_code == returned.status_code == 403


def test_manager_cannot_issue_another_departments_template(demo, login):
    manager = login("manager_zwzx")
    form = manager.open_form("/tasks/new")
    hotline = get_template_by_code("hotline_orders")
    form.set("template_id", str(hotline.id))
    form.set("period", "2024-12")

    response = manager.post("/tasks/new", form.items(("submit", "下发")))

    assert response.status_code == 200
    assert "不是有效的选择" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Task).filter_by(period="2024-12")).first() is None


def test_pages_need_sign_in(demo, client):
    response = client.get("/rollups/window_appraisal/window_table/2024-11")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_refuses_wrong_password_in_chinese(demo, client):
    from tests.html_form import read_form

    form = read_form(client.get("/login").get_data(as_text=True))
    form.set("username", "cadre_nanzhou")
    form.set("password", "wrong")

    response = client.post("/login", data=form.items())

    assert response.status_code == 200
    assert "用户名或密码不正确" in response.get_data(as_text=True)


def test_login_does_not_redirect_off_site(demo, client):
    from tests.html_form import read_form

    form = read_form(client.get("/login").get_data(as_text=True))
    form.set("username", "cadre_nanzhou")
    form.set("password", "tongbao2024")

    response = client.post("/login?next=//evil.example/", data=form.items())

    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "url",
    [
        "/rollups/hotline_orders/by_unit/9999-12",
        "/rollups/hotline_orders/by_unit/2024-11%0A",
        "/rollups/hotline_orders/by_unit/2024-11%0A.xlsx",
        "/bulletins/hotline/0000-01",
    ],
)
def test_malformed_periods_are_not_found(demo, login, url):
    assert login("manager_rexian").get(url).status_code == 404


def test_login_next_with_control_characters_goes_home(demo, client):
    from tests.html_form import read_form

    form = read_form(client.get("/login").get_data(as_text=True))
    form.set("username", "cadre_nanzhou")
    form.set("password", "tongbao2024")

    response = client.post("/login?next=/%0D%0ASet-Cookie:x=1", data=form.items())

    assert response.headers["Location"] == "/"


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    from app import create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")
