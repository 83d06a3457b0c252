"""The admin manages units and accounts, one by one or from a workbook with a row report."""

import io

import pytest
from openpyxl import Workbook

from app.extensions import db
from app.models import Unit, User
from tests.html_form import read_form


def workbook(units, users) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "单位"
    sheet.append(["单位代码", "单位名称", "类型", "上级单位代码"])
    for row in units:
        sheet.append(row)
    accounts = book.create_sheet("账号")
    accounts.append(["用户名", "姓名", "角色", "单位代码", "手机", "初始密码"])
    for row in users:
        accounts.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(admin, data: bytes):
    form = admin.open_form("/admin/", 1)
    payload = {key: values[0] for key, values in form.items().to_dict(flat=False).items()}
    payload["import-import_file"] = "导入"
    payload["import-file"] = (io.BytesIO(data), "units.xlsx")
    return admin.client.post(
        "/admin/", data=payload, content_type="multipart/form-data", follow_redirects=True
    )


def test_import_adds_units_and_accounts(demo, login):
    admin = login("admin")
    data = workbook(
        [
            ["yongxing", "永兴村", "村", "nanzhou"],
            ["yongxing_w", "永兴村便民服务站", "窗口", "yongxing"],
        ],
        [["cadre_yongxing", "李永兴", "填报员", "yongxing", "13800000001", "yongxing2025"]],
    )

    page = upload(admin, data).get_data(as_text=True)

    assert "已导入 2 个单位、1 个账号" in page
    village = db.session.scalars(db.select(Unit).filter_by(code="yongxing")).one()
    assert village.parent.name == "南洲镇" and village.kind.value == "village"
    client = admin.client.application.test_client()
    form = read_form(client.get("/login").get_data(as_text=True))
    form.set("username", "cadre_yongxing")
    form.set("password", "yongxing2025")
    assert client.post("/login", data=form.items()).status_code == 302


def test_import_with_bad_rows_changes_nothing_and_lists_each(demo, login):
    admin = login("admin")
    before = (
        db.session.scalar(db.select(db.func.count(Unit.id))),
        db.session.scalar(db.select(db.func.count(User.id))),
    )
    data = workbook(
        [
            ["good", "好村", "村", "nanzhou"],
            ["nanzhou", "重复镇", "乡镇", ""],
            ["x1", "某单位", "省", ""],
        ],
        [
            ["cadre_nanzhou", "重名", "填报员", "nanzhou", "", "longenough1"],
            ["new_user", "新人", "填报员", "nowhere", "", "longenough1"],
            ["short_pw", "短密码", "填报员", "good", "", "123"],
        ],
    )

    page = upload(admin, data).get_data(as_text=True)

    for message in (
        "“单位”第3行：单位代码“nanzhou”已存在",
        "“单位”第4行：类型应为乡镇、部门、企业、村、社区或窗口",
        "“账号”第2行：用户名“cadre_nanzhou”已被使用",
        "“账号”第3行：找不到单位“nowhere”",
        "“账号”第4行：初始密码至少8位",
    ):
        assert message in page, message
    after = (
        db.session.scalar(db.select(db.func.count(Unit.id))),
        db.session.scalar(db.select(db.func.count(User.id))),
    )
    assert after == before


def test_a_file_that_is_not_a_workbook_is_refused(demo, login):
    page = upload(login("admin"), b"not a workbook").get_data(as_text=True)

    assert "无法读取这个文件" in page


@pytest.mark.parametrize("username", ["manager_rexian", "cadre_nanzhou"])
def test_only_admins_reach_the_admin_pages(demo, login, username):
    assert login(username).get("/admin/").status_code == 403


def test_disabled_account_cannot_sign_in(demo, login, client):
    admin = login("admin")
    target = db.session.scalars(db.select(User).filter_by(username="cadre_wuzui")).one()
    admin.post(f"/admin/users/{target.id}/toggle", {"csrf_token": admin.token(), "toggle": "x"})

    login_form = read_form(client.get("/login").get_data(as_text=True))
    login_form.set("username", "cadre_wuzui")
    login_form.set("password", "tongbao2024")
    response = client.post("/login", data=login_form.items())

    assert target.is_enabled is False
    assert "用户名或密码不正确" in response.get_data(as_text=True)


def test_ended_unit_is_no_longer_offered_for_tasks(demo, login):
    admin = login("admin")
    wuzui = db.session.scalars(db.select(Unit).filter_by(code="wuzui")).one()
    admin.post(
        f"/admin/units/{wuzui.id}/end", {"csrf_token": admin.token(), "ends_on": "2025-01-01"}
    )

    page = login("manager_rexian").get("/tasks/new").get_data(as_text=True)

    assert wuzui.ends_on.isoformat() == "2025-01-01"
    assert "乌嘴乡" not in page
