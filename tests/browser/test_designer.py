"""A manager designs a form in Chromium on a laptop, previews it, publishes it, issues it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP, PHONE, assert_fits_width

pytestmark = pytest.mark.browser


def add_section(page, code: str, title: str, kind: str, rows: str = "") -> None:
    page.get_by_label("栏目代码").fill(code)
    page.get_by_label("栏目标题").fill(title)
    page.get_by_label("栏目类型").select_option(kind)
    if rows:
        page.get_by_label("固定表的行").fill(rows)
    page.get_by_role("button", name="添加栏目").click()
    expect(page.locator(".flash-ok")).to_have_text("已保存到草稿")


def add_field(page, section: str, code: str, label: str, kind: str, **extra) -> None:
    page.get_by_label("所属栏目").select_option(section)
    page.get_by_label("指标代码").fill(code)
    page.get_by_label("指标名称").fill(label)
    page.get_by_label("类型", exact=True).select_option(kind)
    for name, value in extra.items():
        page.get_by_label(name).fill(value)
    page.get_by_role("button", name="添加指标").click()
    expect(page.locator(".flash-ok")).to_have_text("已保存到草稿")


def test_manager_designs_previews_publishes_and_cadre_sees_it(open_page, live_db):
    manager = open_page("manager_rexian", DESKTOP)
    manager.goto("/templates/")
    manager.get_by_role("link", name="新建报表").click()
    manager.get_by_label("报表代码").fill("village_services")
    manager.get_by_label("报表名称").fill("便民服务站月报")
    manager.get_by_role("button", name="创建并开始设计").click()
    expect(manager).to_have_url(re.compile(r"/templates/\d+/design$"))

    add_section(manager, "basic", "服务情况", "fields")
    add_section(manager, "staff", "值守人员", "roster")
    add_field(manager, "basic", "served", "办件量", "integer", 计量单位="件")
    add_field(manager, "basic", "online", "网上办件", "integer")
    add_field(
        manager,
        "basic",
        "online_share",
        "网办率",
        "computed",
        **{"计算公式（计算项用）": "online / served"},
    )
    add_field(manager, "basic", "has_night", "是否夜间值守", "yes_no")
    add_field(
        manager,
        "basic",
        "night_hours",
        "夜间值守时长",
        "integer",
        **{"显示条件（可不填）": 'has_night == "是"'},
    )
    add_field(manager, "staff", "name", "姓名", "text")
    add_field(manager, "staff", "phone", "电话", "phone")

    manager.get_by_label("公式代码").fill("online_le_served")
    manager.get_by_label("公式（应成立的条件）").fill("online <= served +")
    manager.get_by_label("不成立时给填报人的提示").fill("网上办件不能多于办件量")
    manager.get_by_role("button", name="添加审核公式").click()
    expect(manager.locator(".flash-error")).to_contain_text("表达式不完整")
    manager.get_by_label("公式（应成立的条件）").fill("online <= served")
    manager.get_by_role("button", name="添加审核公式").click()
    expect(manager.locator(".draft")).to_contain_text("网上办件不能多于办件量")

    manager.get_by_role("link", name="按填报人视角预览").click()
    expect(manager.get_by_label("办件量（件）")).to_be_visible()
    expect(manager.get_by_role("button", name="＋ 添加一行")).to_be_visible()
    manager.go_back()
    manager.get_by_role("button", name="发布为新版本").click()
    expect(manager.locator(".flash-ok")).to_contain_text("已发布第1版")

    manager.goto("/")
    card = manager.locator(".card").filter(has=manager.get_by_text("便民服务站月报", exact=True))
    card.get_by_role("link", name="下发任务").click()
    manager.get_by_label("报告期", exact=True).fill("2025-06")
    manager.get_by_label("截止日期").fill("2025-07-05")
    manager.get_by_label("三仙湖镇").check()
    manager.get_by_role("button", name="下发").click()
    expect(manager).to_have_url(re.compile(r"/tasks/\d+$"))

    cadre = open_page("cadre_sanxianhu", PHONE)
    cadre.get_by_text("2025年6月便民服务站月报").click()
    expect(cadre.get_by_label("办件量（件）")).to_have_attribute("inputmode", "numeric")
    expect(cadre.get_by_text("值守人员")).to_be_visible()
    night = cadre.get_by_label("夜间值守时长")
    expect(night).to_be_hidden()
    cadre.get_by_label("是", exact=True).check()
    expect(night).to_be_visible()
    cadre.get_by_label("否", exact=True).check()
    expect(night).to_be_hidden()
    assert_fits_width(cadre)
