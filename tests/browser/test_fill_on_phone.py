"""A cadre fills and submits a report on a 360 px phone, against the live demo county.

Each test issues its own task (its own template or period), so the tests do not depend on
one another's data although they share the session's server.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    assert_fits_width,
    fill_hotline,
    hotline_input,
    hotline_values,
    issue_task,
    open_task_card,
    tap_button,
)

pytestmark = pytest.mark.browser

HOTLINE = "12345便民热线工单办理情况表"
WINDOWS = "政务服务中心窗口考评表"


def test_cadre_fills_and_submits_on_a_phone(open_page, live_db):
    """A township cadre finds the new task, fills it and submits it on a phone."""
    manager = open_page("manager_rexian")
    task_id, due_on, units = issue_task(manager, HOTLINE, "2024-12")
    assert "南洲镇" in units and len(units) == 31, units
    assert live_db.task(task_id)["unit_count"] == 31

    cadre = open_page("cadre_nanzhou")
    card = open_task_card(cadre, "2024年12月" + HOTLINE)
    expect(card.locator(".badge-none")).to_have_text("未填报")
    expect(card).to_contain_text("截止：" + due_on)
    assert_fits_width(cadre)

    card.get_by_role("link").tap()
    expect(cadre).to_have_url(re.compile(rf"/tasks/{task_id}/fill(\?.*)?$"))
    expect(cadre.locator("h1")).to_have_text("2024年12月" + HOTLINE)
    assert_fits_width(cadre)

    typed = hotline_values("70", "68", "70", "64", "2", "4")
    fill_hotline(cadre, typed)
    cadre.get_by_label("填表人").fill("李南洲")
    tap_button(cadre, "上报")

    expect(cadre).to_have_url(re.compile(r"/submissions/\d+$"))
    expect(cadre.locator(".flash-ok")).to_have_text("已上报，等待审核")
    expect(cadre.locator(".badge-submitted").first).to_have_text("已上报")
    assert_fits_width(cadre)

    (submission,) = live_db.submissions(task_id, "南洲镇")
    assert submission["status"] == "submitted"
    assert submission["filled_by"] == "李南洲"
    assert submission["id"] == int(cadre.url.rsplit("/", 1)[1])
    assert live_db.values(submission["id"], "orders") == {"": typed}
    assert len(live_db.submissions(task_id)) == 1

    open_task_card(cadre, "2024年12月" + HOTLINE)
    expect(cadre.locator(".task-card .badge-submitted")).to_have_text("已上报")


def test_failed_check_keeps_typed_values(open_page, live_db):
    """A value that is not a number blocks the submission, and nothing typed is lost."""
    manager = open_page("manager_rexian")
    task_id, _due_on, units = issue_task(manager, HOTLINE, "2025-01")
    assert "税务局" in units

    cadre = open_page("cadre_shuiwu")
    open_task_card(cadre, "2025年1月" + HOTLINE).get_by_role("link").tap()
    expect(cadre).to_have_url(re.compile(rf"/tasks/{task_id}/fill(\?.*)?$"))

    typed = hotline_values("abc", "30", "25", "20", "3", "2")
    fill_hotline(cadre, typed)
    cadre.get_by_label("填表人").fill("王税务")
    cadre.get_by_label("联系电话").fill("0737-5201234")
    tap_button(cadre, "上报")

    expect(cadre).to_have_url(re.compile(rf"/tasks/{task_id}/fill(\?.*)?$"))
    expect(cadre.locator(".flash-error")).to_contain_text("未能上报")
    row = cadre.locator(".form-row").filter(has=hotline_input(cadre, "valid_orders"))
    expect(row).to_have_class(re.compile(r"\bhas-error\b"))
    expect(row.locator(".error")).to_have_text("“有效工单”请填写数字，例如 12 或 12.5")
    expect(cadre.locator(".summary .sev-mandatory")).to_contain_text("“有效工单”请填写数字")
    assert_fits_width(cadre)

    for reload in (False, True):
        if reload:
            cadre.reload()
        for field, value in typed.items():
            expect(hotline_input(cadre, field)).to_have_value(value)
        expect(cadre.get_by_label("填表人")).to_have_value("王税务")
        expect(cadre.get_by_label("联系电话")).to_have_value("0737-5201234")

    (submission,) = live_db.submissions(task_id, "税务局")
    assert submission["status"] == "draft"
    assert live_db.values(submission["id"], "orders") == {"": typed}


def test_window_form_opens_carried_forward(open_page, live_db):
    """December's window form opens on a phone with November's 37 windows already in it."""
    manager = open_page("manager_zwzx")
    task_id, _due_on, units = issue_task(manager, WINDOWS, "2024-12")
    assert units == ["县政务服务中心"]

    cadre = open_page("cadre_zwzx")
    card = open_task_card(cadre, "2024年12月" + WINDOWS)
    expect(card.locator(".badge-none")).to_have_text("未填报")
    card.get_by_role("link").tap()
    expect(cadre).to_have_url(re.compile(rf"/tasks/{task_id}/fill(\?.*)?$"))

    expect(cadre.locator(".notice")).to_contain_text("已带入2024年11月已通过的数据")
    rows = cadre.locator("fieldset.roster-row")
    expect(rows).to_have_count(37)
    expect(cadre.get_by_text("共 37 行")).to_be_visible()
    expect(rows.first.locator("legend")).to_have_text("第1行 · 医保局窗口")
    first_key = rows.first.locator('input[name="rows-windows"]').input_value()
    expect(rows.first.locator(f'[name="r-windows-{first_key}-window"]')).to_have_value("医保局窗口")
    expect(rows.first.locator(f'[name="r-windows-{first_key}-group"]')).to_have_value("部门窗口")
    assert_fits_width(cadre)

    # Opening the form writes nothing: the submission starts at the first save.
    assert live_db.submissions(task_id) == []
