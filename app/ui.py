"""Template filters and labels shared by every page."""

from datetime import UTC

from flask_babel import lazy_gettext as _l

from app.formatting import format_value
from app.models import Role, SubmissionStatus, UnitKind
from app.periods import CHINA, period_label
from app.report_templates.definition import SectionKind, Severity
from app.submissions.values import format_number

STATUS_LABELS = {
    None: _l("未填报"),
    SubmissionStatus.draft: _l("填报中（已暂存）"),
    SubmissionStatus.submitted: _l("已上报"),
    SubmissionStatus.returned: _l("已退回"),
    SubmissionStatus.approved: _l("已通过"),
}
ROLE_LABELS = {Role.admin: _l("系统管理员"), Role.manager: _l("主管部门"), Role.cadre: _l("填报员")}
UNIT_KIND_LABELS = {
    UnitKind.county: _l("县"),
    UnitKind.township: _l("乡镇"),
    UnitKind.department: _l("部门"),
    UnitKind.enterprise: _l("企业"),
    UnitKind.village: _l("村（社区）"),
    UnitKind.window: _l("窗口"),
}
ACTION_LABELS = {
    "saved": _l("暂存"),
    "submitted": _l("上报"),
    "approved": _l("审核通过"),
    "returned": _l("退回"),
    "issued": _l("下发任务"),
    "exported": _l("导出"),
    "imported": _l("导入表样"),
    "created": _l("新建报表"),
    "published": _l("发布新版本"),
    "reminded": _l("催报"),
    "auto_issue": _l("设置自动下发"),
    "late_requested": _l("申请补报"),
    "late_granted": _l("同意补报"),
    "late_refused": _l("不同意补报"),
    "ended": _l("停用单位"),
    "enabled": _l("启用账号"),
    "disabled": _l("停用账号"),
}


# How each field type's box behaves on a phone: the keyboard it opens and its native picker.
INPUT_ATTRIBUTES = {
    "integer": {"inputmode": "numeric", "pattern": "-?[0-9]*"},
    "decimal": {"inputmode": "decimal"},
    "percent": {"inputmode": "decimal"},
    "date": {"type": "date"},
    "month": {"type": "month", "placeholder": "2024-11"},
    "phone": {"type": "tel", "inputmode": "tel"},
    "email": {"type": "email", "inputmode": "email"},
    "citizen_id": {"maxlength": "18", "autocapitalize": "characters"},
    "credit_code": {"maxlength": "18", "autocapitalize": "characters"},
}


def status_label(status) -> str:
    """A submission status in Chinese; None means not yet filled."""
    return str(STATUS_LABELS[status])


def china_time(moment) -> str:
    """A stored UTC timestamp shown in China time."""
    if moment is None:
        return ""

    return moment.replace(tzinfo=UTC).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def register(app) -> None:
    """Make the helpers available in templates."""
    app.jinja_env.filters["period_label"] = period_label
    app.jinja_env.filters["status_label"] = status_label
    app.jinja_env.filters["rollup_value"] = format_value
    app.jinja_env.filters["china_time"] = china_time
    app.jinja_env.globals.update(
        ROLE_LABELS=ROLE_LABELS,
        UNIT_KIND_LABELS=UNIT_KIND_LABELS,
        ACTION_LABELS=ACTION_LABELS,
        SubmissionStatus=SubmissionStatus,
        INPUT_ATTRIBUTES=INPUT_ATTRIBUTES,
        SectionKind=SectionKind,
        Severity=Severity,
        format_number=format_number,
    )
