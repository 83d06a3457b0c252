"""Units and accounts: adding, closing, disabling, and importing them from a workbook.

An import checks every row first and writes nothing unless every row is good, so a file
with one mistake changes nothing and the report lists each bad row with its reason.
"""

import logging
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl import load_workbook

from app.audit import record_event
from app.extensions import db
from app.models import Role, Unit, UnitKind, User

logger = logging.getLogger(__name__)

KIND_NAMES = {
    "乡镇": "township",
    "部门": "department",
    "企业": "enterprise",
    "村": "village",
    "社区": "village",
    "窗口": "window",
}
ROLE_NAMES = {"填报员": "cadre", "主管部门": "manager", "管理员": "admin", "系统管理员": "admin"}
CODE = re.compile(r"^[a-z0-9_]{1,40}\Z")
UNIT_COLUMNS = ("单位代码", "单位名称", "类型", "上级单位代码")
USER_COLUMNS = ("用户名", "姓名", "角色", "单位代码", "手机", "初始密码")


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    units: int = 0
    users: int = 0
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _rows(sheet, columns: tuple) -> list[tuple[int, dict]]:
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    header = [_text(v) for v in rows[0]]
    missing = [c for c in columns if c not in header]
    if missing:
        raise ValueError(
            _("工作表“%(sheet)s”缺少列：%(cols)s", sheet=sheet.title, cols="、".join(missing))
        )

    def cell(row, column):
        index = header.index(column)
        return _text(row[index]) if index < len(row) else ""

    return [
        (number, {c: cell(row, c) for c in columns})
        for number, row in enumerate(rows[1:], start=2)
        if any(_text(v) for v in row)
    ]


def import_workbook(stream, actor) -> ImportReport:
    """Import the 单位 and 账号 sheets of a workbook, all rows or none."""
    report = ImportReport()
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        report.errors.append(_("无法读取这个文件，请确认是 .xlsx 格式的Excel文件"))
        return report

    try:
        unit_rows = _rows(workbook["单位"], UNIT_COLUMNS) if "单位" in workbook.sheetnames else []
        user_rows = _rows(workbook["账号"], USER_COLUMNS) if "账号" in workbook.sheetnames else []
    except ValueError as error:
        report.errors.append(str(error))
        return report
    if not unit_rows and not user_rows:
        report.errors.append(_("文件中没有“单位”或“账号”工作表，或表中没有数据"))
        return report

    # Nothing is flushed while rows are checked: a bad file must leave no trace.
    with db.session.no_autoflush:
        units = _plan_units(unit_rows, report)
        users = _plan_users(user_rows, units, report)
    if report.errors:
        db.session.rollback()
        return report

    db.session.add_all(units.values())
    db.session.flush()
    for user in users:
        user.unit_id = user.unit.id
    db.session.add_all(users)
    report.units, report.users = len(units), len(users)
    record_event(actor, "imported", actor, detail={"units": report.units, "users": report.users})
    db.session.commit()
    logger.info(
        "%s units and %s accounts imported by %s", report.units, report.users, actor.username
    )

    return report


def _plan_units(rows, report: ImportReport) -> dict[str, Unit]:
    existing = {u.code: u for u in db.session.scalars(db.select(Unit))}
    planned: dict[str, Unit] = {}
    for number, row in rows:
        where = _("“单位”第%(n)s行", n=number)
        code, kind = row["单位代码"], KIND_NAMES.get(row["类型"])
        if not code or not row["单位名称"]:
            report.errors.append(where + _("：单位代码和单位名称都要填写"))
            continue
        if not CODE.match(code) or len(row["单位名称"]) > 120:
            report.errors.append(
                where + _("：单位代码只能用小写字母、数字和下划线（40字以内），名称120字以内")
            )
            continue
        if code in existing or code in planned:
            report.errors.append(where + _("：单位代码“%(code)s”已存在", code=code))
            continue
        if kind is None:
            report.errors.append(where + _("：类型应为乡镇、部门、企业、村、社区或窗口"))
            continue
        parent = existing.get(row["上级单位代码"]) or planned.get(row["上级单位代码"])
        if row["上级单位代码"] and parent is None:
            report.errors.append(
                where
                + _("：找不到上级单位“%(code)s”，上级单位要写在前面", code=row["上级单位代码"])
            )
            continue
        planned[code] = Unit(
            code=code,
            name=row["单位名称"],
            kind=UnitKind(kind),
            parent=parent,
            sort_order=len(existing) + len(planned) + 1,
        )

    return planned


def _plan_users(rows, planned_units: dict[str, Unit], report: ImportReport) -> list[User]:
    units = {u.code: u for u in db.session.scalars(db.select(Unit))} | planned_units
    taken = set(db.session.scalars(db.select(User.username)))
    users = []
    for number, row in rows:
        where = _("“账号”第%(n)s行", n=number)
        role, unit = ROLE_NAMES.get(row["角色"]), units.get(row["单位代码"])
        problem = None
        if not row["用户名"] or not row["姓名"]:
            problem = _("用户名和姓名都要填写")
        elif not CODE.match(row["用户名"]) or len(row["姓名"]) > 80 or len(row["手机"]) > 20:
            problem = _(
                "用户名只能用小写字母、数字和下划线（40字以内），姓名80字以内，手机20位以内"
            )
        elif row["用户名"] in taken:
            problem = _("用户名“%(name)s”已被使用", name=row["用户名"])
        elif role is None:
            problem = _("角色应为填报员、主管部门或系统管理员")
        elif unit is None:
            problem = _("找不到单位“%(code)s”", code=row["单位代码"])
        elif len(row["初始密码"]) < 8:
            problem = _("初始密码至少8位")
        if problem:
            report.errors.append(f"{where}：{problem}")
            continue
        taken.add(row["用户名"])
        user = User(
            username=row["用户名"],
            display_name=row["姓名"],
            role=Role(role),
            phone=row["手机"] or None,
        )
        user.unit = unit
        user.set_password(row["初始密码"])
        users.append(user)

    return users
