"""Loading the demo county from the CSV and JSON files in app/demo/data/.

The data are the county's published October and November 2024 tables, copied into the
project so the app never reads ../shared at run time. Every approved report goes through the
same save, submit and approve services as the web, so the demo history has its audit trail.
"""

import csv
import hashlib
import json
import logging
from datetime import date
from pathlib import Path

from app.extensions import db
from app.models import BulletinTemplate, ReportTemplate, Role, Unit, UnitKind, User
from app.report_templates.services import add_version, get_definition, get_template_by_code
from app.submissions import values as form_values
from app.submissions.services import approve_submission, find_submission, save_submission
from app.tasks.services import issue_task

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
DEMO_PASSWORD = "tongbao2024"

TOWNSHIPS = [
    ("nanzhou", "南洲镇"),
    ("langbahu", "浪拔湖镇"),
    ("mahekou", "麻河口镇"),
    ("maocaojie", "茅草街镇"),
    ("changjiao", "厂窖镇"),
    ("huage", "华阁镇"),
    ("mingshantou", "明山头镇"),
    ("qingshuzui", "青树嘴镇"),
    ("zhongyukou", "中鱼口镇"),
    ("wushenggong", "武圣宫镇"),
    ("sanxianhu", "三仙湖镇"),
    ("wuzui", "乌嘴乡"),
]
HOTLINE_DEPARTMENTS = [
    ("chengguan", "城管执法局", UnitKind.department),
    ("jiaojing", "交警大队", UnitKind.department),
    ("renshe", "人社局", UnitKind.department),
    ("jiaoyun", "交运局", UnitKind.department),
    ("gongdian", "供电局", UnitKind.enterprise),
    ("chengfatou", "城发投", UnitKind.enterprise),
    ("zhujian", "住建局", UnitKind.department),
    ("weijian", "卫健局", UnitKind.department),
    ("gongan", "公安局", UnitKind.department),
    ("shijian", "市监局", UnitKind.department),
    ("yibao", "医保局", UnitKind.department),
    ("shenghuan", "县生环局", UnitKind.department),
    ("zhubao", "住保中心", UnitKind.department),
    ("jiaoyu", "教育局", UnitKind.department),
    ("ziranziyuan", "自然资源局", UnitKind.department),
    ("wenlv", "文旅广体局", UnitKind.department),
    ("shuiwu", "税务局", UnitKind.department),
    ("shuili", "水利局", UnitKind.department),
    ("nongye", "农业农村局", UnitKind.department),
]
TEMPLATES = [
    {
        "code": "window_appraisal",
        "name": "政务服务中心窗口考评表",
        "owner": "zwzx",
        "form_number": "南政服表1号",
        "issuing_office": "南县政务服务中心",
    },
    {
        "code": "hotline_orders",
        "name": "12345便民热线工单办理情况表",
        "owner": "rexianban",
        "form_number": "南热线表1号",
        "issuing_office": "南县12345政务服务便民热线办公室",
    },
    {
        "code": "hotline_categories",
        "name": "12345便民热线工单分类统计表",
        "owner": "rexianban",
        "form_number": "南热线表2号",
        "issuing_office": "南县12345政务服务便民热线办公室",
    },
]
# The one inconsistent row of the source (see DOMAIN.md): kept, with the explanation a
# cadre would give, so the history shows how a 核实 rule is passed.
# The source's category split adds up to 628 against the units' 648 (DOMAIN.md): the
# cross-template rule trips, and the office's explanation is kept with the report.
CATEGORY_EXPLANATION = "分类统计按来电登记口径，承办单位按转办工单口径，相差20件正在核对。"
TAX_EXPLANATION = "热线办回访记录中有1件未登记满意度，已按热线办提供的数据填报，待其更正。"


def is_demo_loaded() -> bool:
    """Tell whether the demo county is already in the database."""
    return db.session.scalars(db.select(Unit).filter_by(code="nanxian")).first() is not None


def load_demo(*, window_periods=("2024-10", "2024-11"), hotline=True) -> bool:
    """Load units, accounts, templates and approved history; False if already loaded."""
    if is_demo_loaded():
        return False

    load_units_and_accounts()
    load_templates()
    for period in window_periods:
        load_window_period(period)
    if hotline:
        load_hotline_november()
    load_bulletins()
    logger.info("demo county loaded")

    return True


def load_units_and_accounts() -> None:
    """The county, its offices, townships and departments, with one account per role and unit."""
    county = Unit(code="nanxian", name="南县", kind=UnitKind.county, sort_order=0)
    db.session.add(county)
    offices = [
        ("shujuju", "县数据局", UnitKind.department),
        ("zwzx", "县政务服务中心", UnitKind.department),
        ("rexianban", "县12345热线办", UnitKind.department),
    ]
    units = {}
    order = 1
    rows = [(c, n, UnitKind.township) for c, n in TOWNSHIPS] + HOTLINE_DEPARTMENTS
    for code, name, kind in offices + rows:
        units[code] = Unit(code=code, name=name, kind=kind, parent=county, sort_order=order)
        order += 1
    db.session.add_all(units.values())
    db.session.flush()

    _add_user("admin", "数据局管理员", Role.admin, units["shujuju"])
    _add_user("manager_zwzx", "政务服务中心管理员", Role.manager, units["zwzx"])
    _add_user("manager_rexian", "热线办管理员", Role.manager, units["rexianban"])
    for code, unit in units.items():
        if code != "shujuju":
            _add_user(f"cadre_{code}", f"{unit.name}填报员", Role.cadre, unit)
    db.session.commit()


def _add_user(username: str, display_name: str, role: Role, unit: Unit) -> None:
    user = User(username=username, display_name=display_name, role=role, unit=unit)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)


def load_templates() -> None:
    """The three demo templates, each from its JSON definition."""
    for spec in TEMPLATES:
        owner = _unit(spec["owner"])
        template = ReportTemplate(
            code=spec["code"],
            name=spec["name"],
            owner_unit=owner,
            frequency="month",
            form_number=spec["form_number"],
            issuing_office=spec["issuing_office"],
            approval_number="南统函〔2024〕12号",
            valid_until=date(2026, 12, 31),
        )
        db.session.add(template)
        definition = json.loads((DATA_DIR / f"{spec['code']}.json").read_text("utf-8"))
        add_version(template, definition)
    db.session.commit()


def _unit(code: str) -> Unit:
    return db.session.scalars(db.select(Unit).filter_by(code=code)).one()


def _user(username: str) -> User:
    return db.session.scalars(db.select(User).filter_by(username=username)).one()


def read_csv(name: str) -> list[dict]:
    """A seed table from app/demo/data/."""
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def window_row_key(window: str) -> str:
    """A window's roster key, the same every month, so rows keep their identity."""
    return hashlib.sha1(window.encode("utf-8")).hexdigest()[:12]


def load_window_period(period: str) -> None:
    """Issue, fill, submit and approve the centre's window table for a period."""
    template = get_template_by_code("window_appraisal")
    manager = _user("manager_zwzx")
    task = issue_task(template, period, _due(period), [_unit("zwzx").id], manager)
    definition = get_definition(task.template_version)
    section = definition.get_section("windows")

    data = form_values.empty_form(definition)
    for record in read_csv(f"windows_{period.replace('-', '_')}.csv"):
        row = form_values.Row(window_row_key(record["window"]))
        for field_def in section.input_fields:
            row.cells[field_def.code] = form_values.parse_cell(field_def, record[field_def.code])
        data["windows"].append(row)

    _submit_and_approve(task, _user("cadre_zwzx"), data, manager, {})


def load_hotline_november() -> None:
    """November's hotline counts from the 31 units, and the office's category split."""
    template = get_template_by_code("hotline_orders")
    manager = _user("manager_rexian")
    records = read_csv("hotline_2024_11_counts.csv")
    names = {u.name: u for u in db.session.scalars(db.select(Unit))}
    unit_ids = [names[r["unit"]].id for r in records]
    task = issue_task(template, "2024-11", _due("2024-11"), unit_ids, manager)
    definition = get_definition(task.template_version)
    section = definition.get_section("orders")

    for record in records:
        unit = names[record["unit"]]
        data = form_values.empty_form(definition)
        for field_def in section.input_fields:
            data["orders"][0].cells[field_def.code] = form_values.parse_cell(
                field_def, record[field_def.code]
            )
        cadre = db.session.scalars(db.select(User).filter_by(unit_id=unit.id)).first()
        explanations = {"visits_add_up:": TAX_EXPLANATION} if unit.name == "税务局" else {}
        _submit_and_approve(task, cadre, data, manager, explanations)

    load_hotline_categories("2024-11")


def load_hotline_categories(period: str) -> None:
    """The hotline office's own split of orders by category."""
    template = get_template_by_code("hotline_categories")
    manager = _user("manager_rexian")
    office = _unit("rexianban")
    task = issue_task(template, period, _due(period), [office.id], manager)
    definition = get_definition(task.template_version)
    field_def = definition.get_section("categories").get_field("orders")
    labels = {row.label: row.code for row in definition.get_section("categories").rows}

    data = form_values.empty_form(definition)
    rows = {row.key: row for row in data["categories"]}
    for record in read_csv("hotline_categories_2024_11.csv"):
        rows[labels[record["category"]]].cells["orders"] = form_values.parse_cell(
            field_def, record["orders"]
        )
    _submit_and_approve(
        task,
        _user("cadre_rexianban"),
        data,
        manager,
        {"categories_match_units:": CATEGORY_EXPLANATION},
    )


def _submit_and_approve(task, cadre, data, manager, explanations) -> None:
    result = save_submission(
        task,
        cadre.unit_id,
        data,
        cadre,
        revision=0,
        filled_by=cadre.display_name,
        explanations=explanations,
        submit=True,
    )
    if not result.submitted:
        problems = "; ".join(f.message for f in result.blocking)
        raise RuntimeError(f"demo data for {cadre.unit.name} failed its checks: {problems}")
    approve_submission(find_submission(task, cadre.unit_id), manager)


def _due(period: str) -> date:
    from app.periods import default_due_on

    return default_due_on(period)


def load_bulletins() -> None:
    """The hotline section of the county government-services bulletin."""
    body = (DATA_DIR / "hotline_bulletin.jinja").read_text("utf-8")
    db.session.add(
        BulletinTemplate(
            code="hotline",
            title="【12345便民热线】",
            owner_unit=_unit("rexianban"),
            body=body,
        )
    )
    db.session.commit()


def demo_logins() -> list[tuple[str, str]]:
    """The accounts to print after loading, one per role and a few cadres."""
    return [
        ("admin", "系统管理员（县数据局）"),
        ("manager_zwzx", "主管部门：县政务服务中心（窗口考评）"),
        ("manager_rexian", "主管部门：县12345热线办（热线工单）"),
        ("cadre_zwzx", "填报员：县政务服务中心（填窗口考评表）"),
        ("cadre_nanzhou", "填报员：南洲镇（填热线工单表）"),
        ("cadre_shuiwu", "填报员：税务局（填热线工单表）"),
        ("cadre_rexianban", "填报员：县12345热线办（填工单分类表）"),
    ]
