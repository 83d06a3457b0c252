"""A generated county, built through the app's own models and services.

Import this module only after `benchmarks.run` has pointed TEST_DATABASE_URL at a temp file:
importing `app` reads config.py, which reads the database URL once.

Every unit gets one approved hotline submission (6 counts) and, when `roster_rows` > 0, one
approved window-appraisal submission with that many roster rows. The first few units go
through the real services (`save_submission(..., submit=True)`, `approve_submission`), so the
generated values are known to pass the template's checks; the others are bulk-inserted with
the very rows `to_value_rows` produces, which the services would have written.
"""

import hashlib
import json
import random
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.demo.loader import DATA_DIR
from app.extensions import db
from app.models import (
    ReportTemplate,
    Role,
    Submission,
    SubmissionStatus,
    SubmissionValue,
    Unit,
    UnitKind,
    User,
)
from app.periods import default_due_on
from app.report_templates.services import add_version, get_definition
from app.submissions import values as form_values
from app.submissions.services import approve_submission, find_submission, save_submission
from app.tasks.services import issue_task

PERIOD = "2024-11"
HOTLINE = "hotline_orders"
WINDOWS = "window_appraisal"
# Units whose reports go through save/submit/approve; the rest are bulk-inserted.
THROUGH_SERVICES = 3
WINDOW_GROUPS = ("部门窗口", "公共服务窗口")
ZONES = ("A区", "B区", "C区", "D区", "E区", "F区")


@dataclass
class County:
    """What was generated: sizes and the ids the floors query by."""

    units: int
    roster_rows: int
    hotline_task_id: int
    window_task_id: int | None
    value_rows: int


def build_county(units: int, roster_rows: int, seed: int) -> County:
    """Create units, a manager, both templates, both tasks and every approved submission."""
    rng = random.Random(seed)
    county = Unit(code="county", name="基准县", kind=UnitKind.county, sort_order=0)
    db.session.add(county)
    members = [
        Unit(
            code=f"u{i:05d}",
            name=f"第{i:04d}号单位",
            kind=UnitKind.department,
            parent=county,
            sort_order=i,
        )
        for i in range(1, units + 1)
    ]
    db.session.add_all(members)
    manager = User(username="bench_manager", display_name="基准管理员", role=Role.manager)
    manager.unit = county
    manager.set_password("bench-only")
    db.session.add(manager)
    db.session.flush()

    templates = {code: _add_template(code, county) for code in (HOTLINE, WINDOWS)}
    db.session.commit()
    unit_ids = [u.id for u in members]
    due = default_due_on(PERIOD)

    hotline_task = issue_task(templates[HOTLINE], PERIOD, due, unit_ids, manager)
    forms = [_hotline_form(rng, get_definition(hotline_task.template_version)) for _ in unit_ids]
    value_rows = _store(hotline_task, unit_ids, forms, manager)

    window_task_id = None
    if roster_rows > 0:
        window_task = issue_task(templates[WINDOWS], PERIOD, due, unit_ids, manager)
        definition = get_definition(window_task.template_version)
        forms = [
            _window_form(rng, definition, number, roster_rows) for number in range(1, units + 1)
        ]
        value_rows += _store(window_task, unit_ids, forms, manager)
        window_task_id = window_task.id

    return County(units, roster_rows, hotline_task.id, window_task_id, value_rows)


def _add_template(code: str, owner: Unit) -> ReportTemplate:
    template = ReportTemplate(code=code, name=code, owner_unit=owner, frequency="month")
    db.session.add(template)
    add_version(template, json.loads((DATA_DIR / f"{code}.json").read_text("utf-8")))

    return template


def _cell(definition, section_code: str, field_code: str, raw) -> form_values.Cell:
    field_def = definition.get_section(section_code).get_field(field_code)

    return form_values.parse_cell(field_def, str(raw))


def _hotline_form(rng: random.Random, definition) -> form_values.FormData:
    """Counts that pass the mandatory and 核实 rules: the three visit outcomes add up."""
    valid = rng.randint(20, 800)
    on_time = valid - rng.randint(0, valid // 20)
    visited = rng.randint(valid // 2, valid)
    very = rng.randint(0, visited // 50)
    dissatisfied = rng.randint(0, visited // 10)
    counts = {
        "valid_orders": valid,
        "on_time": on_time,
        "visited": visited,
        "satisfied": visited - dissatisfied - very,
        "dissatisfied": dissatisfied,
        "very_dissatisfied": very,
    }
    data = form_values.empty_form(definition)
    row = data["orders"][0]
    for code, count in counts.items():
        row.cells[code] = _cell(definition, "orders", code, count)

    return data


def _window_form(rng: random.Random, definition, number: int, rows: int):
    """A roster of windows whose average scores stay within the 90-110 the rules allow."""
    data = form_values.empty_form(definition)
    for i in range(1, rows + 1):
        name = f"第{number:04d}号单位第{i:02d}窗口"
        row = form_values.Row(hashlib.sha1(name.encode("utf-8")).hexdigest()[:12])
        staff = rng.randint(1, 12)
        average = Decimal(rng.randint(9000, 11000)) / 100
        raw = {
            "group": rng.choice(WINDOW_GROUPS),
            "window": name,
            "zone": rng.choice(ZONES),
            "staff": staff,
            "total_score": format(average * staff, "f"),
        }
        for code, value in raw.items():
            row.cells[code] = _cell(definition, "windows", code, value)
        data["windows"].append(row)

    return data


def _store(task, unit_ids: list[int], forms: list, manager: User) -> int:
    """Approved submissions: the first few through the services, the rest bulk-inserted."""
    for unit_id, data in zip(unit_ids[:THROUGH_SERVICES], forms[:THROUGH_SERVICES], strict=True):
        result = save_submission(task, unit_id, data, manager, revision=0, submit=True)
        if not result.submitted:
            problems = "; ".join(f.message for f in result.blocking)
            raise RuntimeError(f"generated data fails the checks: {problems}")
        approve_submission(find_submission(task, unit_id), manager)

    definition = get_definition(task.template_version)
    rest = list(zip(unit_ids[THROUGH_SERVICES:], forms[THROUGH_SERVICES:], strict=True))
    next_id = (db.session.scalar(db.select(db.func.max(Submission.id))) or 0) + 1
    now = datetime(2024, 12, 3, 9, 0)
    headers, values = [], []
    for offset, (unit_id, data) in enumerate(rest):
        submission_id = next_id + offset
        form_values.compute(definition, data)
        headers.append(
            {
                "id": submission_id,
                "task_id": task.id,
                "unit_id": unit_id,
                "template_version_id": task.template_version_id,
                "status": SubmissionStatus.approved,
                "revision": 1,
                "created_at": now,
                "updated_at": now,
                "updated_by_id": manager.id,
                "submitted_at": now,
                "reviewed_at": now,
                "reviewed_by_id": manager.id,
            }
        )
        for row in form_values.to_value_rows(definition, data):
            values.append({"submission_id": submission_id, **row})
    if headers:
        db.session.execute(db.insert(Submission), headers)
        db.session.execute(db.insert(SubmissionValue), values)
    db.session.commit()
    _check_same_shape(task, definition, forms[0], unit_ids[0])

    return db.session.scalar(
        db.select(db.func.count())
        .select_from(SubmissionValue)
        .join(Submission)
        .where(Submission.task_id == task.id)
    )


def _check_same_shape(task, definition, data, unit_id: int) -> None:
    """The services stored exactly the rows the bulk insert writes for the same form."""
    submission = find_submission(task, unit_id)
    stored = sorted(
        (v.section, v.row_key, v.field_code, v.row_order, v.num, v.txt) for v in submission.values
    )
    expected = sorted(
        (r["section"], r["row_key"], r["field_code"], r["row_order"], r["num"], r["txt"])
        for r in form_values.to_value_rows(definition, data)
    )
    if stored != expected:
        raise RuntimeError("bulk-inserted rows would differ from what the services store")
