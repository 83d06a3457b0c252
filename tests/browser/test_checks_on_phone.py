"""The template's checks as a cadre meets them on a 360 px phone.

Each test issues its own hotline period and fills as its own township, so none depends on
another's data.
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
VISITS_MESSAGE = "满意、不满意、非常不满意件数之和应等于回访量，请核实"
EXPLANATION = 'textarea[name="explain-visits_add_up:"]'


def _open_hotline_form(open_page, period: str, username: str):
    """Issue the hotline table for a period and open it as a township cadre on a phone."""
    manager = open_page("manager_rexian")
    task_id, _due_on, _units = issue_task(manager, HOTLINE, period)
    cadre = open_page(username)
    year, month = period.split("-")
    open_task_card(cadre, f"{year}年{int(month)}月{HOTLINE}").get_by_role("link").tap()
    expect(cadre).to_have_url(re.compile(rf"/tasks/{task_id}/fill(\?.*)?$"))

    return task_id, cadre


def test_unbalanced_visits_need_an_explanation(open_page, live_db):
    """Visits that do not add up block 上报 until the cadre explains them, then pass."""
    task_id, cadre = _open_hotline_form(open_page, "2025-03", "cadre_langbahu")
    typed = hotline_values("12", "12", "12", "10", "1", "0")
    fill_hotline(cadre, typed)
    tap_button(cadre, "上报")

    expect(cadre.locator(".flash-error")).to_contain_text("未能上报")
    expect(cadre.locator(".summary .sev-verify")).to_contain_text(VISITS_MESSAGE)
    expect(cadre.locator(".summary .sev-mandatory")).to_have_count(0)
    expect(cadre.locator(EXPLANATION)).to_be_visible()
    assert_fits_width(cadre)
    (draft,) = live_db.submissions(task_id, "浪拔湖镇")
    assert draft["status"] == "draft"

    reason = "1件工单回访时群众未表态，已按热线办记录填报。"
    cadre.locator(EXPLANATION).fill(reason)
    tap_button(cadre, "上报")

    expect(cadre).to_have_url(re.compile(r"/submissions/\d+$"))
    expect(cadre.locator(".flash-ok")).to_have_text("已上报，等待审核")
    expect(cadre.locator("main")).to_contain_text(reason)
    (submitted,) = live_db.submissions(task_id, "浪拔湖镇")
    assert submitted["status"] == "submitted"
    assert live_db.values(submitted["id"], "orders") == {"": typed}
    assert live_db.explanations(submitted["id"]) == {"visits_add_up:": reason}


def test_broken_rule_is_shown_beside_its_field(open_page):
    """A broken 强制 rule is shown beside the field it names, not only in the summary."""
    _task_id, cadre = _open_hotline_form(open_page, "2025-04", "cadre_mahekou")
    fill_hotline(cadre, hotline_values("15", "16", "15", "15", "0", "0"))
    tap_button(cadre, "上报")

    expect(cadre.locator(".summary .sev-mandatory")).to_contain_text("按时办结件数不能大于")
    row = cadre.locator(".form-row").filter(has=hotline_input(cadre, "on_time"))
    expect(row).to_have_class(re.compile(r"\bhas-error\b"), timeout=1000)
    expect(row.locator(".error")).to_have_text("按时办结件数不能大于有效工单数", timeout=1000)


def test_refused_submit_says_an_explanation_is_needed(open_page):
    """After a refused 上报, the 核实 finding says an explanation is what is missing."""
    _task_id, cadre = _open_hotline_form(open_page, "2025-05", "cadre_maocaojie")
    fill_hotline(cadre, hotline_values("22", "22", "22", "19", "0", "2"))
    tap_button(cadre, "上报")

    expect(cadre.locator(".flash-error")).to_contain_text("未能上报")
    expect(cadre.locator(".summary .sev-verify")).to_contain_text(
        "（数据无误请在下方“核实说明”中写明原因）", timeout=1000
    )
    explanation_row = cadre.locator(".explanations .form-row")
    expect(explanation_row).to_have_class(re.compile(r"\bhas-error\b"), timeout=1000)
