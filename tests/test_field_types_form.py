"""Every field type renders on the fill form with the right control and saves what it parses."""

from datetime import date

from app.extensions import db
from app.models import ReportTemplate, Submission, Unit, User
from app.report_templates.services import add_version
from app.tasks.services import issue_task

FIELDS = [
    {"code": "note", "label": "说明", "type": "long_text"},
    {"code": "rate", "label": "完成率", "type": "percent", "places": 1},
    {"code": "day", "label": "检查日期", "type": "date"},
    {"code": "month", "label": "所属月份", "type": "month"},
    {"code": "open", "label": "是否开放", "type": "yes_no"},
    {
        "code": "kinds",
        "label": "服务类型",
        "type": "multi_choice",
        "choices": ["办证", "咨询", "投诉"],
    },
    {"code": "phone", "label": "联系电话", "type": "phone"},
    {"code": "email", "label": "邮箱", "type": "email"},
    {"code": "leader", "label": "负责人身份证号", "type": "citizen_id"},
    {"code": "company", "label": "统一社会信用代码", "type": "credit_code"},
    {"code": "township", "label": "乡镇", "type": "choice", "choices": ["南洲镇", "华阁镇"]},
    {
        "code": "village",
        "label": "村（社区）",
        "type": "choice",
        "choice_filter": {
            "field": "township",
            "options": {"南洲镇": ["南洲村", "永兴村"], "华阁镇": ["华阁村"]},
        },
    },
]


def issue_all_types_form():
    office = db.session.scalars(db.select(Unit).filter_by(code="rexianban")).one()
    template = ReportTemplate(code="all_types", name="全类型测试表", owner_unit=office)
    db.session.add(template)
    add_version(template, {"sections": [{"code": "main", "title": "基本情况", "fields": FIELDS}]})
    db.session.commit()
    manager = db.session.scalars(db.select(User).filter_by(username="manager_rexian")).one()
    nanzhou = db.session.scalars(db.select(Unit).filter_by(code="nanzhou")).one()

    return issue_task(template, "2024-12", date(2025, 1, 5), [nanzhou.id], manager)


def test_each_type_gets_its_control_and_saves(demo, login):
    task = issue_all_types_form()
    cadre = login("cadre_nanzhou")

    page = cadre.get(f"/tasks/{task.id}/fill").get_data(as_text=True)
    form = cadre.open_form(f"/tasks/{task.id}/fill")
    typed = {
        "note": "窗口周末开放",
        "rate": "95.5",
        "day": "2024-12-03",
        "month": "2024-12",
        "open": "是",
        "phone": "0737-5222222",
        "email": "zwzx@nanxian.gov.cn",
        "leader": "11010519491231002x",
        "company": "91350100M000100Y43",
    }
    for code, value in typed.items():
        form.set(f"f-main-{code}", value)
    form.set("f-main-township", "华阁镇")
    form.set("f-main-village", "华阁村")
    form.add("f-main-kinds", "投诉")
    form.add("f-main-kinds", "办证")
    response = cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))

    assert '<textarea id="f-main-note"' in page
    assert 'type="date"' in page and 'type="month"' in page
    assert 'type="radio" name="f-main-open" value="是"' in page
    assert page.count('type="checkbox" name="f-main-kinds"') == 3
    assert 'type="tel"' in page and 'type="email"' in page
    assert 'data-filter-by="township"' in page
    assert '<option value="华阁村" data-parents="华阁镇">' in page
    assert response.status_code == 302
    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()
    stored = {v.field_code: v.num if v.num is not None else v.txt for v in submission.values}
    assert stored["kinds"] == "办证\n投诉"
    assert stored["leader"] == "11010519491231002X"
    assert str(stored["rate"]) == "95.5"
    assert submission.status.value == "submitted"


def test_invalid_identifiers_block_and_stay_typed(demo, login):
    task = issue_all_types_form()
    cadre = login("cadre_nanzhou")
    form = cadre.open_form(f"/tasks/{task.id}/fill")
    form.set("f-main-leader", "110105194912310021")

    response = cadre.post(
        f"/tasks/{task.id}/fill", form.items(("submit", "上报")), follow_redirects=True
    )
    page = response.get_data(as_text=True)

    assert "不是有效的18位身份证号" in page
    assert 'value="110105194912310021"' in page
