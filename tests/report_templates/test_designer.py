"""A manager builds a monthly form from scratch in the designer, publishes it, and issues it."""

from app.extensions import db
from app.models import Submission, Task, Unit, UnitKind
from app.report_templates.services import get_definition, get_template_by_code
from tests.workflow import issue

FIELDS = [
    ("basic", "population", "户籍人口", "integer", {"unit": "人", "required": "y", "min": "0"}),
    ("basic", "new_jobs", "新增就业", "integer", {"unit": "人", "carry": "accumulate"}),
    ("basic", "jobs_total", "本年累计新增就业", "computed", {"expression": "new_jobs_ytd"}),
    (
        "basic",
        "job_rate",
        "就业占人口比",
        "computed",
        {"expression": "new_jobs / population", "display_percent": "y", "help": "自动计算"},
    ),
    ("land", "area", "面积", "decimal", {"unit": "亩", "places": "1"}),
    ("projects", "name", "项目名称", "text", {"required": "y"}),
    ("projects", "investment", "投资额", "decimal", {"unit": "万元", "places": "2"}),
]
RULES = [
    (
        "jobs_le_population",
        "mandatory",
        "",
        "new_jobs",
        "new_jobs <= population",
        "新增就业不能超过户籍人口",
    ),
    (
        "big_project",
        "verify",
        "projects",
        "",
        "investment <= 10000",
        "单个项目投资超过1亿元，请核实",
    ),
    ("has_projects", "hint", "", "", "COUNT(projects.name) >= 1", "本月没有填报项目，请确认"),
]


def designer_post(manager, template_id, prefix, values, button):
    form = manager.open_form(f"/templates/{template_id}/design", _form_index(prefix))
    for key, value in values.items():
        form.set(f"{prefix}-{key}", value)
    return manager.post(f"/templates/{template_id}/design", form.items((f"{prefix}-{button}", "x")))


def _form_index(prefix):
    # The page's forms: publish, removes..., section, field, rule; the last three are stable.
    return {"section": -3, "field": -2, "rule": -1}[prefix]


def build_township_form(manager):
    form = manager.open_form("/templates/new")
    form.set("code", "township_monthly")
    form.set("name", "乡镇综合月报")
    form.set("form_number", "南统月1号")
    manager.post("/templates/new", form.items(("submit", "x")))
    template = get_template_by_code("township_monthly")

    designer_post(
        manager,
        template.id,
        "section",
        {"code": "basic", "title": "基本情况", "kind": "fields"},
        "add_section",
    )
    designer_post(
        manager,
        template.id,
        "section",
        {"code": "land", "title": "土地", "kind": "grid", "rows": "r01,耕地,01\nr02,林地,02"},
        "add_section",
    )
    designer_post(
        manager,
        template.id,
        "section",
        {"code": "projects", "title": "在建项目", "kind": "roster"},
        "add_section",
    )
    designer_post(
        manager,
        template.id,
        "field",
        {"section": "projects", "code": "name", "label": "x", "type": "text"},
        "add_field",
    )
    return template


def test_manager_builds_publishes_and_issues_a_form(demo, login):
    manager = login("manager_zwzx")
    template = build_township_form(manager)
    manager.post(
        f"/templates/{template.id}/design/field/name/remove",
        manager.open_form(f"/templates/{template.id}/design", 1).items(("remove", "x")),
    )
    for section, code, label, kind, extra in FIELDS:
        values = {"section": section, "code": code, "label": label, "type": kind, **extra}
        response = designer_post(manager, template.id, "field", values, "add_field")
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    for code, severity, section, field, expression, message in RULES:
        values = {
            "code": code,
            "severity": severity,
            "section": section,
            "field": field,
            "expression": expression,
            "message": message,
        }
        response = designer_post(manager, template.id, "rule", values, "add_rule")
        assert response.status_code == 302

    publish = manager.open_form(f"/templates/{template.id}/design", 0)
    manager.post(f"/templates/{template.id}/publish", publish.items(("publish", "x")))
    db.session.refresh(template)

    definition = get_definition(template.current_version)
    assert [s.code for s in definition.sections] == ["basic", "land", "projects"]
    assert definition.get_section("projects").key_columns == ["name"]
    assert [r.severity.value for r in definition.rules] == ["mandatory", "verify", "hint"]
    assert definition.rollups[0]["columns"][1]["code"] == "population"
    assert template.draft_definition is None

    form = manager.open_form(f"/tasks/new?template_id={template.id}")
    townships = db.session.scalars(db.select(Unit).filter_by(kind=UnitKind.township)).all()
    form.fields = [f for f in form.fields if f[0] != "unit_ids"]
    for unit in townships:
        form.add("unit_ids", str(unit.id))
    form.set("period", "2024-12")
    form.set("due_on", "2025-01-05")
    manager.post("/tasks/new", form.items(("submit", "下发")))
    task = db.session.scalars(db.select(Task).filter_by(template_id=template.id)).one()
    assert len(task.units) == 12

    page = login("cadre_nanzhou").get(f"/tasks/{task.id}/fill").get_data(as_text=True)
    for text in (
        "户籍人口",
        "本年累计：0",
        "01 耕地",
        "02 林地",
        "＋ 添加一行",
        "本年累计新增就业",
    ):
        assert text in page, text


def test_bad_expressions_and_duplicate_codes_are_refused_with_reasons(demo, login):
    manager = login("manager_zwzx")
    template = build_township_form(manager)

    duplicate = designer_post(
        manager,
        template.id,
        "field",
        {"section": "basic", "code": "name", "label": "名称", "type": "text"},
        "add_field",
    )
    broken = designer_post(
        manager,
        template.id,
        "rule",
        {"code": "r1", "severity": "mandatory", "expression": "name <=", "message": "x"},
        "add_rule",
    )
    unknown = designer_post(
        manager,
        template.id,
        "rule",
        {"code": "r2", "severity": "hint", "expression": "popul > 0", "message": "x"},
        "add_rule",
    )
    bad_code = designer_post(
        manager,
        template.id,
        "section",
        {"code": "Basic Info", "title": "x", "kind": "fields"},
        "add_section",
    )

    assert "代码“name”已被使用" in duplicate.get_data(as_text=True)
    assert "表达式第 8 个字符处有误：表达式不完整" in broken.get_data(as_text=True)
    assert "未知的指标代码：popul" in unknown.get_data(as_text=True)
    assert "代码请用小写字母开头" in bad_code.get_data(as_text=True)
    db.session.refresh(template)
    assert template.draft_definition["rules"] == []


def test_year_to_date_sums_approved_months_and_resets_in_january(demo, login):
    manager = login("manager_zwzx")
    template = build_township_form(manager)
    designer_post(
        manager,
        template.id,
        "field",
        {
            "section": "basic",
            "code": "new_jobs",
            "label": "新增就业",
            "type": "integer",
            "carry": "accumulate",
        },
        "add_field",
    )
    manager.post(
        f"/templates/{template.id}/publish",
        manager.open_form(f"/templates/{template.id}/design", 0).items(("publish", "x")),
    )
    cadre = login("cadre_zwzx")

    centre = [cadre.user.unit_id]
    for period, jobs in (("2024-11", "5"), ("2024-12", "7")):
        task = issue(manager, "township_monthly", period, centre, f"{period}-28")
        form = cadre.open_form(f"/tasks/{task.id}/fill")
        form.set("f-basic-new_jobs", jobs)
        form.set("r-projects-x-name", "")
        cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))
        submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()
        approve = manager.open_form(f"/submissions/{submission.id}", 1)
        manager.post(f"/submissions/{submission.id}/approve", approve.items(("approve", "x")))

    december = manager.get(f"/submissions/{submission.id}").get_data(as_text=True)
    january = issue(manager, "township_monthly", "2025-01", centre, "2025-01-28")
    fresh = cadre.get(f"/tasks/{january.id}/fill").get_data(as_text=True)

    assert "本年累计：12" in december
    assert "本年累计：0" in fresh


def test_issue_to_all_townships_by_kind(demo, login):
    manager = login("manager_rexian")
    form = manager.open_form("/tasks/new?template_id=2")
    form.fields = [f for f in form.fields if f[0] != "unit_ids"]
    form.add("unit_kinds", "township")
    form.set("period", "2024-12")

    response = manager.post("/tasks/new", form.items(("submit", "下发")))

    task = db.session.scalars(db.select(Task).filter_by(period="2024-12")).one()
    assert response.status_code == 302
    assert sorted(u.name for u in task.units)[:2] == ["三仙湖镇", "中鱼口镇"]
    assert {u.kind for u in task.units} == {UnitKind.township} and len(task.units) == 12


def test_issue_with_no_unit_chosen_says_so(demo, login):
    manager = login("manager_rexian")
    form = manager.open_form("/tasks/new?template_id=2")
    form.fields = [f for f in form.fields if f[0] != "unit_ids"]
    form.set("period", "2024-12")

    response = manager.post("/tasks/new", form.items(("submit", "下发")))

    assert "请至少选择一个填报单位" in response.get_data(as_text=True)


def test_designer_refuses_what_cannot_work(demo, login):
    manager = login("manager_zwzx")
    template = build_township_form(manager)

    upside_down = designer_post(
        manager,
        template.id,
        "field",
        {
            "section": "basic",
            "code": "a",
            "label": "甲",
            "type": "integer",
            "min": "10",
            "max": "1",
        },
        "add_field",
    )
    itself = designer_post(
        manager,
        template.id,
        "field",
        {"section": "basic", "code": "b", "label": "乙", "type": "computed", "expression": "b + 1"},
        "add_field",
    )
    not_a_condition = designer_post(
        manager,
        template.id,
        "rule",
        {"code": "r", "severity": "hint", "expression": "name", "message": "x"},
        "add_rule",
    )
    designer_post(
        manager,
        template.id,
        "field",
        {"section": "basic", "code": "c", "label": "丙", "type": "integer"},
        "add_field",
    )
    designer_post(
        manager,
        template.id,
        "field",
        {"section": "basic", "code": "d", "label": "丁", "type": "computed", "expression": "c / 3"},
        "add_field",
    )
    remove = manager.open_form(f"/templates/{template.id}/design", 1)
    still_used = manager.post(
        f"/templates/{template.id}/design/field/c/remove",
        remove.items(("remove", "x")),
        follow_redirects=True,
    )

    assert "最小值大于最大值" in upside_down.get_data(as_text=True)
    assert "不能引用它自己" in itself.get_data(as_text=True)
    assert "应是一个成立或不成立的条件" in not_a_condition.get_data(as_text=True)
    assert "“c”被“d”的公式引用" in still_used.get_data(as_text=True)
    draft = get_definition_of_draft(template)
    assert draft.get_section("basic").get_field("d").places == 2


def get_definition_of_draft(template):
    from app.report_templates.definition import parse_definition

    db.session.refresh(template)
    return parse_definition(template.draft_definition)
