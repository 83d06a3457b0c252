"""Template files: export, import into another county, new versions beside old submissions."""

import io
import json

import pytest

from app.extensions import db
from app.models import ReportTemplate, Submission, Task
from app.report_templates.services import get_definition, get_template_by_code
from app.rollups.services import compute_rollup
from tests.workflow import issue


def exported(session, code: str) -> dict:
    template = get_template_by_code(code)
    response = session.get(f"/templates/{template.id}.json")
    assert response.status_code == 200
    return json.loads(response.data)


def upload(session, document, name="template.json"):
    form = session.open_form("/templates/")
    body = document if isinstance(document, bytes) else json.dumps(document).encode("utf-8")
    payload = form.items(("submit", "导入")).to_dict(flat=False)
    payload = {key: values[0] for key, values in payload.items()}
    payload["file"] = (io.BytesIO(body), name)
    return session.client.post("/templates/", data=payload, content_type="multipart/form-data")


def test_export_carries_header_and_definition(demo, login):
    document = exported(login("manager_zwzx"), "window_appraisal")

    assert document["format"] == "tongbao-template/1"
    assert document["template"]["form_number"] == "南政服表1号"
    assert document["template"]["valid_until"] == "2026-12-31"
    assert document["definition"]["sections"][0]["key_columns"] == ["window"]


def test_a_new_version_leaves_old_submissions_on_theirs(demo, login):
    manager = login("manager_zwzx")
    document = exported(manager, "window_appraisal")
    columns = document["definition"]["sections"][0]["fields"]
    columns.insert(4, {"code": "complaints", "label": "投诉件数", "type": "integer", "min": 0})

    response = upload(manager, document)
    template = get_template_by_code("window_appraisal")

    assert response.status_code == 302
    assert [v.number for v in template.versions] == [1, 2]
    november = db.session.scalars(
        db.select(Submission)
        .join(Task)
        .filter(Task.period == "2024-11", Task.template_id == template.id)
    ).one()
    assert november.template_version.number == 1
    page = manager.get(f"/submissions/{november.id}").get_data(as_text=True)
    assert "投诉件数" not in page and "医保局窗口" in page

    task = issue(manager, "window_appraisal", "2024-12")
    fill = login("cadre_zwzx").get(f"/tasks/{task.id}/fill").get_data(as_text=True)
    assert task.template_version.number == 2
    assert "投诉件数" in fill
    result = compute_rollup(template, "window_table", "2024-11")
    assert len(result.rows) == 37


def test_importing_the_same_definition_adds_no_version(demo, login):
    manager = login("manager_zwzx")

    upload(manager, exported(manager, "window_appraisal"))

    assert len(get_template_by_code("window_appraisal").versions) == 1


def test_another_county_imports_a_new_template(demo, login):
    manager = login("manager_rexian")
    document = exported(login("manager_zwzx"), "window_appraisal")
    document["template"]["code"] = "window_appraisal_copy"

    response = upload(manager, document)

    copy = get_template_by_code("window_appraisal_copy")
    assert response.status_code == 302
    assert copy.owner_unit.code == "rexianban"
    assert get_definition(copy.current_version).get_section("windows").key_columns == ["window"]


def test_bad_files_are_refused_with_the_reason(demo, login):
    manager = login("manager_zwzx")
    document = exported(manager, "window_appraisal")
    document["definition"]["rules"][0]["expression"] = "total_score <= * 110"
    before = db.session.scalar(db.select(db.func.count(ReportTemplate.id)))

    broken_json = upload(manager, b'{"format": "tongbao-template/1",')
    wrong_format = upload(manager, {"format": "other"})
    bad_rule = upload(manager, document)
    taken = upload(login("manager_rexian"), exported(manager, "window_appraisal"))

    assert "不是有效的JSON" in broken_json.get_data(as_text=True)
    assert "文件格式不对" in wrong_format.get_data(as_text=True)
    assert "表达式第 16 个字符处有误" in bad_rule.get_data(as_text=True)
    assert "报表代码已被其他部门使用" in taken.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ReportTemplate.id))) == before
    assert len(get_template_by_code("window_appraisal").versions) == 1


def test_expired_template_cannot_be_issued(demo, login):
    manager = login("manager_zwzx")
    form = manager.open_form(
        f"/tasks/new?template_id={get_template_by_code('window_appraisal').id}"
    )
    form.set("period", "2027-01")

    response = manager.post("/tasks/new", form.items(("submit", "下发")))

    assert "有效期到2026-12-31为止" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Task).filter_by(period="2027-01")).first() is None


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: d["definition"]["sections"][0]["fields"][0].update(choice_filter=[1]),
            "联动选项写法有误",
        ),
        (lambda d: d["definition"]["sections"][0]["fields"][0].pop("label"), "缺少名称"),
        (
            lambda d: d["definition"]["sections"][0]["fields"].append(
                dict(d["definition"]["sections"][0]["fields"][0])
            ),
            "重复了",
        ),
        (
            lambda d: d["definition"]["sections"][0]["fields"][3].update(places=100),
            "小数位数应在0到6之间",
        ),
        (
            lambda d: d["definition"]["sections"][0]["fields"][3].update(min="NaN"),
            "不是有效的数值范围",
        ),
        (
            lambda d: d["definition"]["sections"][0]["fields"][3].update(required="false"),
            "required 应为",
        ),
        (lambda d: d["definition"].update(rollups=["x", 5]), "应是对象的列表"),
        (
            lambda d: d["definition"]["rollups"][0]["columns"][6]["rank"].update(by="nope"),
            "排名依据列不存在",
        ),
        (lambda d: d["definition"].update(sections={"a": 1}), "应是对象的列表"),
        (lambda d: d["template"].update(frequency="weekly"), "报送频率应为"),
        (
            lambda d: d["definition"]["rules"][0].update(expression="-staff"),
            "应是一个成立或不成立的条件",
        ),
        (
            lambda d: d["definition"]["rules"][0].update(expression="+".join(["staff"] * 200)),
            "表达式过长",
        ),
    ],
)
def test_malformed_template_files_are_refused_whole(demo, login, change, message):
    manager = login("manager_zwzx")
    document = exported(manager, "window_appraisal")
    document["template"]["code"] = "window_copy"
    change(document)

    response = upload(manager, document)

    assert message in response.get_data(as_text=True)
    assert get_template_by_code("window_copy") is None
