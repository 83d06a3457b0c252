"""The whole cycle through the web: issue, fill with carry-forward, check, return, approve."""

import csv
import re

from app.demo.loader import DATA_DIR
from app.extensions import db
from app.formatting import format_value
from app.models import AuditEvent, Submission, SubmissionStatus, Task
from app.report_templates.services import get_template_by_code
from app.rollups.services import compute_rollup
from tests.workflow import issue


def read_windows(period: str) -> list[dict]:
    with open(DATA_DIR / f"windows_{period}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def roster_keys(form) -> dict[str, str]:
    """Window name → row key, as the form shows them."""
    return {form.get(f"r-windows-{key}-window"): key for key in form.getlist("rows-windows")}


def fill_window(form, key: str, record: dict) -> None:
    for code in ("group", "window", "zone", "staff", "total_score"):
        form.set(f"r-windows-{key}-{code}", record[code])


def test_november_replayed_from_october_gives_the_published_table(october_only, login):
    manager = login("manager_zwzx")
    task = issue(manager, "window_appraisal", "2024-11")
    cadre = login("cadre_zwzx")
    november = {r["window"]: r for r in read_windows("2024_11")}

    form = cadre.open_form(f"/tasks/{task.id}/fill")
    carried = roster_keys(form)
    assert len(carried) == 37
    assert form.get(f"r-windows-{carried['人社局窗口']}-staff") == "28"
    for window, key in carried.items():
        if window in november:
            fill_window(form, key, november[window])
        else:
            form.add("remove-windows", key)
    cadre.post(f"/tasks/{task.id}/fill", form.items(("add_row", "windows")))

    for window in ("法律援助中心窗口", "公证处窗口"):
        form = cadre.open_form(f"/tasks/{task.id}/fill?add=windows")
        new_key = form.getlist("rows-windows")[-1]
        fill_window(form, new_key, november[window])
        response = cadre.post(f"/tasks/{task.id}/fill", form.items(("save", "暂存")))
        assert response.status_code == 302

    form = cadre.open_form(f"/tasks/{task.id}/fill")
    response = cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))
    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()
    assert response.status_code == 302
    assert submission.status is SubmissionStatus.submitted

    approve = manager.open_form(f"/submissions/{submission.id}", 1)
    manager.post(f"/submissions/{submission.id}/approve", approve.items(("approve", "审核通过")))

    result = compute_rollup(get_template_by_code("window_appraisal"), "window_table", "2024-11")
    assert {r["window"] for r in result.rows} == set(november)
    for row in result.rows:
        published = november[row["window"]]
        assert format_value(row["avg_score"], "decimal2") == published["avg_score"]
        assert str(row["rank"]) == published["rank"], row["window"]


def hotline_form(cadre, task, counts: dict[str, str]):
    form = cadre.open_form(f"/tasks/{task.id}/fill")
    for code, value in counts.items():
        form.set(f"f-orders-{code}", value)
    return form


TAX_COUNTS = {
    "valid_orders": "6",
    "on_time": "6",
    "visited": "6",
    "satisfied": "5",
    "dissatisfied": "0",
    "very_dissatisfied": "0",
}


def test_tax_bureau_row_needs_an_explanation_before_it_can_be_submitted(demo, login):
    task = issue(login("manager_rexian"), "hotline_orders", "2024-12")
    cadre = login("cadre_shuiwu")

    form = hotline_form(cadre, task, TAX_COUNTS)
    cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))
    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()
    page = cadre.get(f"/tasks/{task.id}/fill").get_data(as_text=True)

    assert submission.status is SubmissionStatus.draft
    assert "满意、不满意、非常不满意件数之和应等于回访量" in page
    assert 'name="explain-visits_add_up:"' in page
    assert 'value="5"' in page

    form = cadre.open_form(f"/tasks/{task.id}/fill")
    form.set("explain-visits_add_up:", "1件回访未登记满意度")
    cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))
    db.session.refresh(submission)

    assert submission.status is SubmissionStatus.submitted
    assert [e.text for e in submission.explanations] == ["1件回访未登记满意度"]


def test_returned_report_shows_reason_and_is_resubmitted(demo, login):
    manager = login("manager_rexian")
    task = issue(manager, "hotline_orders", "2024-12")
    cadre = login("cadre_nanzhou")
    form = hotline_form(
        cadre,
        task,
        {**TAX_COUNTS, "valid_orders": "66", "on_time": "66", "visited": "6", "satisfied": "6"},
    )
    cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))
    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()

    review = manager.open_form(f"/submissions/{submission.id}", 2)
    review.set("reason", "回访量只有6件，与上月66件差距过大，请核实")
    manager.post(
        f"/submissions/{submission.id}/return", review.items(("return_submission", "退回"))
    )
    home = cadre.get("/").get_data(as_text=True)

    assert submission.status is SubmissionStatus.returned
    assert "回访量只有6件，与上月66件差距过大，请核实" in home
    assert "已退回" in home

    form = cadre.open_form(f"/tasks/{task.id}/fill")
    assert form.get("f-orders-visited") == "6"
    form.set("f-orders-visited", "66")
    form.set("f-orders-satisfied", "66")
    cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))
    approve = manager.open_form(f"/submissions/{submission.id}", 1)
    manager.post(f"/submissions/{submission.id}/approve", approve.items(("approve", "审核通过")))
    db.session.refresh(submission)

    assert submission.status is SubmissionStatus.approved
    actions = [
        e.action
        for e in db.session.scalars(
            db.select(AuditEvent).filter_by(object_type="submission", object_id=submission.id)
        )
    ]
    assert actions == ["submitted", "returned", "submitted", "approved"]


def test_return_without_reason_is_refused(demo, login):
    manager = login("manager_rexian")
    task = issue(manager, "hotline_orders", "2024-12")
    cadre = login("cadre_nanzhou")
    form = hotline_form(cadre, task, {**TAX_COUNTS, "satisfied": "6"})
    cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))
    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()

    review = manager.open_form(f"/submissions/{submission.id}", 2)
    response = manager.post(
        f"/submissions/{submission.id}/return",
        review.items(("return_submission", "退回")),
        follow_redirects=True,
    )

    assert "退回时请写明原因" in response.get_data(as_text=True)
    assert submission.status is SubmissionStatus.submitted


def test_a_value_that_does_not_parse_is_kept_and_blocks_submission(demo, login):
    task = issue(login("manager_rexian"), "hotline_orders", "2024-12")
    cadre = login("cadre_nanzhou")
    form = hotline_form(cadre, task, {**TAX_COUNTS, "satisfied": "6", "visited": "六"})

    response = cadre.post(
        f"/tasks/{task.id}/fill",
        form.items(("submit", "上报")),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)

    assert "“回访量”请填写数字" in page
    assert re.search(r'name="f-orders-visited" value="六"', page)
    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()
    assert submission.status is SubmissionStatus.draft


def test_double_submit_is_refused_and_changes_nothing(demo, login):
    task = issue(login("manager_rexian"), "hotline_orders", "2024-12")
    cadre = login("cadre_nanzhou")
    form = hotline_form(cadre, task, {**TAX_COUNTS, "satisfied": "6"})
    payload = form.items(("submit", "上报"))

    first = cadre.post(f"/tasks/{task.id}/fill", payload)
    second = cadre.post(f"/tasks/{task.id}/fill", payload)

    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()
    assert first.status_code == second.status_code == 302
    assert submission.status is SubmissionStatus.submitted
    assert submission.revision == 1


def test_manager_progress_page_lists_every_assigned_unit(demo, login):
    manager = login("manager_rexian")
    task = db.session.scalars(db.select(Task).filter_by(period="2024-11")).all()
    hotline = next(t for t in task if t.template.code == "hotline_orders")

    page = manager.get(f"/tasks/{hotline.id}").get_data(as_text=True)

    assert page.count("已通过") >= 31
    assert "税务局" in page and "乌嘴乡" in page


def test_fixed_row_grid_is_filled_and_rolled_up_with_shares(demo, login):
    manager = login("manager_rexian")
    task = issue(manager, "hotline_categories", "2024-12")
    cadre = login("cadre_rexianban")
    form = cadre.open_form(f"/tasks/{task.id}/fill")
    typed = {"complaint": "30", "help": "10", "consult": "8", "suggestion": "2", "other": "0"}
    for row, value in typed.items():
        form.set(f"r-categories-{row}-orders", value)

    cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))
    submission = db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).one()
    approve = manager.open_form(f"/submissions/{submission.id}", 1)
    manager.post(f"/submissions/{submission.id}/approve", approve.items(("approve", "审核通过")))
    result = compute_rollup(get_template_by_code("hotline_categories"), "by_category", "2024-12")

    assert [r["category"] for r in result.rows] == ["投诉", "求助", "咨询", "建议", "其他"]
    assert result.total["orders"] == 50
    assert format_value(result.rows[0]["share"], "percent") == "60.00%"
    assert format_value(result.rows[4]["share"], "percent") == "0.00%"


def test_history_counts_only_what_changed_since_the_carried_period(october_only, login):
    task = issue(login("manager_zwzx"), "window_appraisal", "2024-11")
    cadre = login("cadre_zwzx")
    form = cadre.open_form(f"/tasks/{task.id}/fill")
    key = roster_keys(form)["人社局窗口"]
    form.set(f"r-windows-{key}-total_score", "2829.00")

    cadre.post(f"/tasks/{task.id}/fill", form.items(("save", "暂存")))

    event = db.session.scalars(
        db.select(AuditEvent).filter_by(object_type="submission", action="saved")
    ).one()
    assert event.detail["changes"] == [
        {
            "section": "windows",
            "row": key,
            "field": "total_score",
            "from": "2835",
            "to": "2829",
        }
    ]


def test_expired_csrf_token_keeps_typed_values_and_saves_nothing(demo, login):
    task = issue(login("manager_rexian"), "hotline_orders", "2024-12")
    cadre = login("cadre_nanzhou")
    form = hotline_form(cadre, task, {**TAX_COUNTS, "valid_orders": "61"})
    form.set("csrf_token", "expired-token")

    response = cadre.post(f"/tasks/{task.id}/fill", form.items(("save", "暂存")))
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "安全校验已过期" in page
    assert 'name="f-orders-valid_orders" value="61"' in page
    assert db.session.scalars(db.select(Submission).filter_by(task_id=task.id)).first() is None


def test_post_after_submission_says_it_is_locked(demo, login):
    task = issue(login("manager_rexian"), "hotline_orders", "2024-12")
    cadre = login("cadre_nanzhou")
    form = hotline_form(cadre, task, {**TAX_COUNTS, "satisfied": "6"})
    cadre.post(f"/tasks/{task.id}/fill", form.items(("submit", "上报")))

    late = cadre.post(f"/tasks/{task.id}/fill", form.items(("save", "暂存")), follow_redirects=True)

    assert "这份报表已上报，不能再修改" in late.get_data(as_text=True)
