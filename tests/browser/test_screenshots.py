"""Screenshots of the main pages for docs/screenshots/, checked as they are taken.

The module runs its own server, so the pages show the demo county as a user first meets it,
whatever the other browser tests have issued on the shared one.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.live import serve_demo
from tests.browser.pages import (
    DESKTOP,
    assert_fits_width,
    fill_hotline,
    hotline_input,
    hotline_values,
    issue_task,
    open_task_card,
    screenshot,
    tap_button,
)

pytestmark = pytest.mark.browser

HOTLINE = "12345便民热线工单办理情况表"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A fresh demo county for this module only."""
    with serve_demo(tmp_path_factory.mktemp("screenshots_server")) as server:
        yield server


def test_screenshots_of_home_fill_form_and_rollup(open_page, live_db):
    """Cadre home and a fill form with findings at 360 px, the window rollup at 1280 px."""
    manager = open_page("manager_rexian")
    task_id, _due_on, _units = issue_task(manager, HOTLINE, "2024-12")

    cadre = open_page("cadre_nanzhou")
    card = open_task_card(cadre, "2024年12月" + HOTLINE)
    expect(cadre.locator(".task-card")).to_have_count(2)
    assert_fits_width(cadre)
    screenshot(cadre, "cadre-home.png")

    card.get_by_role("link").tap()
    expect(cadre).to_have_url(re.compile(rf"/tasks/{task_id}/fill$"))
    # Monthly counts start empty: nothing is carried from November's figures.
    expect(hotline_input(cadre, "visited")).to_have_value("")
    # 70 on time out of 66 orders is refused; 60 + 2 + 3 visits against 66 asks for a reason.
    fill_hotline(cadre, hotline_values("66", "70", "66", "60", "2", "3"))
    tap_button(cadre, "上报")

    expect(cadre.locator(".flash-error")).to_contain_text("未能上报")
    expect(cadre.locator(".summary .sev-mandatory")).to_have_text(
        "强制 按时办结件数不能大于有效工单数"
    )
    expect(cadre.locator(".summary .sev-verify")).to_contain_text("之和应等于回访量")
    expect(hotline_input(cadre, "on_time")).to_have_value("70")
    expect(cadre.locator("output#f-orders-satisfied_rate")).to_have_text("90.91%")
    expect(cadre.locator('textarea[name="explain-visits_add_up:"]')).to_be_visible()
    assert_fits_width(cadre)
    screenshot(cadre, "fill-form.png")
    (submission,) = live_db.submissions(task_id, "南洲镇")
    assert submission["status"] == "draft"

    manager = open_page("manager_zwzx", viewport=DESKTOP)
    manager.goto("/rollups/window_appraisal/window_table/2024-11")
    expect(manager.locator("h1")).to_contain_text("政务服务中心窗口考评情况")
    expect(manager.locator(".notice")).to_contain_text("已汇总 1/1 个单位")
    expect(manager.locator(".toolbar")).to_contain_text("2024年10月 · 2024年11月")
    table = manager.locator("table.rollup")
    expect(table.locator("tbody tr:not(.subtotal)")).to_have_count(37)
    expect(table.locator("tbody")).to_contain_text("医保局窗口")
    expect(table.locator("tfoot")).to_contain_text("合计")
    assert_fits_width(manager, DESKTOP["width"])
    screenshot(manager, "rollup.png")
