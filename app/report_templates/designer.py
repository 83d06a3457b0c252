"""The template designer: changes to a draft definition, each checked before it is kept.

A manager builds a form step by step (sections, fields, rules); every step is applied to a
copy of the draft and the whole definition is parsed again, so a draft is always usable
and a mistake is refused with its reason. Publishing makes the draft the next version.
"""

import copy
import logging
import re

from flask_babel import lazy_gettext as _l

from app.models import ReportTemplate
from app.report_templates.definition import DefinitionError, parse_definition
from app.report_templates.services import add_version

logger = logging.getLogger(__name__)

EMPTY_DEFINITION = {"format": "tongbao-template/1", "sections": [], "rules": [], "rollups": []}
NUMERIC_TYPES = ("integer", "decimal", "percent")


class DesignError(ValueError):
    """A change the designer refuses, with the reason for the manager."""


def get_draft(template: ReportTemplate) -> dict:
    """The definition being edited: the draft, or a copy of the current version."""
    if template.draft_definition is not None:
        return copy.deepcopy(template.draft_definition)
    if template.current_version is not None:
        return copy.deepcopy(template.current_version.definition)

    return copy.deepcopy(EMPTY_DEFINITION)


def _save(template: ReportTemplate, draft: dict) -> None:
    try:
        parse_definition(draft)
    except (DefinitionError, KeyError, TypeError, ValueError) as error:
        raise DesignError(str(error)) from None
    template.draft_definition = draft


def _codes_in_use(draft: dict) -> set[str]:
    codes = {s["code"] for s in draft["sections"]}
    for section in draft["sections"]:
        codes |= {f["code"] for f in section.get("fields", [])}

    return codes


def add_section(template: ReportTemplate, section: dict) -> None:
    """Add a section: plain fields, a fixed-row grid or a floating-row roster."""
    draft = get_draft(template)
    if section["code"] in _codes_in_use(draft):
        raise DesignError(str(_l("代码“%(code)s”已被使用，请换一个", code=section["code"])))

    draft["sections"].append(section)
    _save(template, draft)


def add_field(template: ReportTemplate, section_code: str, field: dict) -> None:
    """Add a field (or a grid or roster column) at the end of a section."""
    draft = get_draft(template)
    section = next((s for s in draft["sections"] if s["code"] == section_code), None)
    if section is None:
        raise DesignError(str(_l("请先添加栏目")))
    if field["code"] in _codes_in_use(draft):
        raise DesignError(str(_l("代码“%(code)s”已被使用，请换一个", code=field["code"])))

    section.setdefault("fields", []).append(field)
    if section.get("kind") == "roster" and not section.get("key_columns"):
        # The first column identifies a roster row until the manager says otherwise.
        section["key_columns"] = [field["code"]]
    _save(template, draft)


def add_rule(template: ReportTemplate, rule: dict) -> None:
    """Add a check (审核公式) with its severity and message."""
    draft = get_draft(template)
    if any(r["code"] == rule["code"] for r in draft["rules"]):
        raise DesignError(str(_l("审核公式代码“%(code)s”已被使用", code=rule["code"])))

    draft["rules"].append(rule)
    _save(template, draft)


def remove_item(template: ReportTemplate, kind: str, code: str) -> None:
    """Remove a section, field or rule from the draft; published versions are untouched."""
    draft = get_draft(template)
    if kind == "field":
        _refuse_if_referenced(draft, code)
    if kind == "section":
        draft["sections"] = [s for s in draft["sections"] if s["code"] != code]
    elif kind == "field":
        for section in draft["sections"]:
            section["fields"] = [f for f in section.get("fields", []) if f["code"] != code]
            section["key_columns"] = [c for c in section.get("key_columns", []) if c != code]
    elif kind == "rule":
        draft["rules"] = [r for r in draft["rules"] if r["code"] != code]
    _save(template, draft)


def _refuse_if_referenced(draft: dict, code: str) -> None:
    """Say which formula still uses a field before it can be removed."""
    formulas = [
        (f["code"], f.get("expression", "") + " " + f.get("relevant", ""))
        for s in draft["sections"]
        for f in s.get("fields", [])
        if f["code"] != code
    ] + [(r["code"], r["expression"]) for r in draft["rules"]]
    for owner, text in formulas:
        if re.search(rf"\b{re.escape(code)}\b", text):
            message = _l(
                "“%(code)s”被“%(owner)s”的公式引用，请先修改或删除“%(owner)s”",
                code=code,
                owner=owner,
            )
            raise DesignError(str(message))


def publish(template: ReportTemplate, actor) -> object:
    """Make the draft the next version; tasks issued from now on use it."""
    draft = get_draft(template)
    if not any(s.get("fields") for s in draft["sections"]):
        raise DesignError(str(_l("表样还没有任何指标，请先添加栏目和指标")))
    if not draft.get("rollups"):
        draft["rollups"] = default_rollups(draft, template.name)

    version = add_version(template, draft)
    template.draft_definition = None
    logger.info(
        "template %s published as version %s by %s", template.code, version.number, actor.username
    )

    return version


def default_rollups(draft: dict, name: str) -> list[dict]:
    """A first consolidated table: one row per unit with every numeric field summed."""
    columns = [{"code": "unit", "label": str(_l("单位")), "field": "unit"}]
    for section in draft["sections"]:
        if section.get("kind", "fields") != "fields":
            continue
        for field in section.get("fields", []):
            if field.get("type") in NUMERIC_TYPES:
                fmt = "integer" if field["type"] == "integer" else "decimal2"
                columns.append(
                    {
                        "code": field["code"],
                        "label": field["label"],
                        "field": field["code"],
                        "format": fmt,
                        "total": "sum",
                    }
                )
    if len(columns) == 1:
        return []

    title = str(_l("%(name)s汇总表", name=name))
    return [
        {
            "code": "by_unit",
            "title": title,
            "source": {"units": True},
            "columns": columns,
            "sort": ["unit_order"],
        }
    ]
