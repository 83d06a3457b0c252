"""Rules against last period (跨期) and across templates (表间)."""

from datetime import date

import pytest

from app.extensions import db
from app.models import ReportTemplate, Submission, Task, Unit, User
from app.report_templates.definition import DefinitionError, parse_definition
from app.report_templates.services import add_version
from app.submissions import services
from app.submissions import values as form_values
from app.tasks.services import issue_task

GROWTH = {
    "sections": [{"code": "main", "fields": [{"code": "n", "label": "件数", "type": "integer"}]}],
    "rules": [
        {
            "code": "growth",
            "severity": "verify",
            "field": "n",
            "expression": "prev.n == 0 or ABS(n - prev.n) <= prev.n * 0.5",
            "message": "比上期变化超过50%，请说明原因",
        }
    ],
}


def test_categories_total_is_checked_against_the_units_total(demo, login):
    submission = db.session.scalars(
        db.select(Submission).join(Task).where(Task.template.has(code="hotline_categories"))
    ).one()

    page = login("manager_rexian").get(f"/submissions/{submission.id}").get_data(as_text=True)

    assert "分类合计应等于各承办单位有效工单合计" in page
    assert [e.rule_code for e in submission.explanations] == ["categories_match_units"]
    assert "相差20件正在核对" in page


def save(task, unit, user, value: str, submit=True):
    definition = parse_definition(GROWTH)
    data = form_values.empty_form(definition)
    field = definition.get_section("main").get_field("n")
    data["main"][0].cells["n"] = form_values.parse_cell(field, value)
    submission = services.find_submission(task, unit.id)
    revision = submission.revision if submission else 0
    return services.save_submission(task, unit.id, data, user, revision=revision, submit=submit)


def test_change_against_last_period_needs_an_explanation(demo):
    office = db.session.scalars(db.select(Unit).filter_by(code="rexianban")).one()
    manager = db.session.scalars(db.select(User).filter_by(username="manager_rexian")).one()
    cadre = db.session.scalars(db.select(User).filter_by(username="cadre_nanzhou")).one()
    template = ReportTemplate(code="growth", name="增长测试表", owner_unit=office)
    db.session.add(template)
    add_version(template, GROWTH)
    db.session.commit()
    november = issue_task(template, "2024-11", date(2024, 12, 5), [cadre.unit_id], manager)
    december = issue_task(template, "2024-12", date(2025, 1, 5), [cadre.unit_id], manager)

    first = save(november, cadre.unit, cadre, "10")
    services.approve_submission(first.submission, manager)
    steady = save(december, cadre.unit, cadre, "14", submit=False)
    jump = save(december, cadre.unit, cadre, "16")

    assert first.submitted and first.findings == []
    assert steady.findings == []
    assert not jump.submitted
    assert [f.message for f in jump.findings] == ["比上期变化超过50%，请说明原因"]


@pytest.mark.parametrize(
    "expression, message",
    [
        ("prev.nn > 0", "未知的指标代码：prev.nn"),
        ('TOTAL("hotline_orders") > 0', "TOTAL 的写法是"),
        ("TOTAL(hotline_orders, valid_orders) > 0", "TOTAL 的报表代码和指标代码要加引号"),
    ],
)
def test_bad_cross_references_are_refused_when_saved(app, expression, message):
    definition = {**GROWTH, "rules": [{**GROWTH["rules"][0], "expression": expression}]}

    with pytest.raises(DefinitionError, match=message):
        parse_definition(definition)
