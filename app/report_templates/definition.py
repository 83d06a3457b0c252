"""A template version's definition: sections, fields, rules and rollups, read from JSON.

The JSON is what a template designer writes and what the template file format carries; this
module turns it into typed objects once and refuses a definition that cannot work (unknown
field types, expressions that do not parse or name unknown fields) with the reason.
"""

import enum
import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from app.expressions import Expression, ExpressionError


class FieldType(enum.Enum):
    """What a field holds; decides parsing, the phone keyboard and the Excel format."""

    text = "text"
    long_text = "long_text"
    integer = "integer"
    decimal = "decimal"
    percent = "percent"
    date = "date"
    month = "month"
    choice = "choice"
    multi_choice = "multi_choice"
    yes_no = "yes_no"
    phone = "phone"
    citizen_id = "citizen_id"
    credit_code = "credit_code"
    email = "email"
    computed = "computed"


NUMERIC_TYPES = (FieldType.integer, FieldType.decimal, FieldType.percent, FieldType.computed)
YES_NO_CHOICES = ("是", "否")


class CarryPolicy(enum.Enum):
    """What a new period's form starts with for a field (上期数据带入)."""

    carry = "carry"
    empty = "empty"
    accumulate = "accumulate"


class SectionKind(enum.Enum):
    """Plain fields, a fixed-row grid (固定表) or a floating-row roster (浮动表)."""

    fields = "fields"
    grid = "grid"
    roster = "roster"


class Severity(enum.Enum):
    """How hard a rule holds: 强制 blocks, 核实 needs an explanation, 提示 only warns."""

    mandatory = "mandatory"
    verify = "verify"
    hint = "hint"

    @property
    def label(self) -> str:
        return str(SEVERITY_LABELS[self])


SEVERITY_LABELS = {
    Severity.mandatory: _l("强制"),
    Severity.verify: _l("核实"),
    Severity.hint: _l("提示"),
}


class DefinitionError(ValueError):
    """A definition that cannot be used, with a message for the template's author."""


@dataclass
class FieldDef:
    """One field (指标): a scalar field, or a column of a grid or roster."""

    code: str
    label: str
    type: FieldType
    unit: str = ""
    definition: str = ""
    help: str = ""
    required: bool = False
    min: Decimal | None = None
    max: Decimal | None = None
    places: int = 0
    max_length: int = 200
    choices: list[str] = field(default_factory=list)
    carry: CarryPolicy = CarryPolicy.carry
    expression: Expression | None = None
    # How a computed value is shown: "percent" shows 0.9091 as 90.91%.
    display: str = ""
    # Skip logic: the field is shown, required and kept only while this holds.
    relevant: Expression | None = None
    # A choice list that depends on another answer: {answer of `choices_by`: [choices]}.
    choices_by: str | None = None
    choice_map: dict[str, list[str]] = field(default_factory=dict)

    def choices_for(self, parent_value) -> list[str]:
        """The choices open once the answer this list depends on is known."""
        if not self.choices_by:
            return self.choices

        return self.choice_map.get(parent_value, [])

    def parents_of(self, choice: str) -> list[str]:
        """The answers under which a dependent choice is offered."""
        return [parent for parent, group in self.choice_map.items() if choice in group]

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def is_input(self) -> bool:
        return self.type is not FieldType.computed


@dataclass
class GridRow:
    """A fixed row of a grid, with its 栏次 (line number) code."""

    code: str
    label: str
    line: str = ""


@dataclass
class Section:
    """A part of the form: its fields, and for a grid or roster, how rows work."""

    code: str
    title: str
    kind: SectionKind
    fields: list[FieldDef]
    key_columns: list[str] = field(default_factory=list)
    rows: list[GridRow] = field(default_factory=list)
    carries_rows: bool = True

    @property
    def input_fields(self) -> list[FieldDef]:
        return [f for f in self.fields if f.is_input]

    def get_field(self, code: str) -> FieldDef | None:
        return next((f for f in self.fields if f.code == code), None)


@dataclass
class Rule:
    """A check (审核公式): `expression` must hold, else `message` is shown.

    With `section` set to a roster or grid, the rule is checked on every row.
    """

    code: str
    severity: Severity
    expression: Expression
    message: str
    section: str | None = None
    field: str | None = None


@dataclass
class Definition:
    """A whole template version's definition."""

    sections: list[Section]
    rules: list[Rule]
    rollups: list[dict]
    raw: dict

    def get_section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)

    def get_rollup(self, code: str) -> dict | None:
        return next((r for r in self.rollups if r["code"] == code), None)


def _decimal_or_none(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or isinstance(value, bool):
        raise DefinitionError(str(_l("“%(value)s”不是有效的数值范围", value=value)))

    return number


PLACED_TYPES = (FieldType.decimal, FieldType.percent)


def _parse_field(raw: dict) -> FieldDef:
    try:
        field_type = FieldType(raw.get("type", "text"))
        carry = CarryPolicy(raw.get("carry", "carry"))
    except ValueError as error:
        message = _l("指标“%(code)s”的设置有误：%(error)s", code=raw.get("code"), error=error)
        raise DefinitionError(str(message)) from None

    choice_map = _choice_map(raw)
    expression = None
    if field_type is FieldType.computed:
        expression = _parse_expression(raw.get("expression", ""), raw.get("code"))
        if raw.get("code") in expression.names:
            message = _l("计算项“%(code)s”的公式不能引用它自己", code=raw.get("code"))
            raise DefinitionError(str(message))
    low, high = _decimal_or_none(raw.get("min")), _decimal_or_none(raw.get("max"))
    if low is not None and high is not None and low > high:
        message = _l("指标“%(code)s”的最小值大于最大值，请检查", code=raw.get("code"))
        raise DefinitionError(str(message))

    return FieldDef(
        code=raw["code"],
        label=raw.get("label", raw["code"]),
        type=field_type,
        unit=raw.get("unit", ""),
        definition=raw.get("definition", ""),
        help=raw.get("help", ""),
        required=bool(raw.get("required", False)),
        min=_decimal_or_none(raw.get("min")),
        max=_decimal_or_none(raw.get("max")),
        places=int(
            raw.get("places", 2 if field_type in (*PLACED_TYPES, FieldType.computed) else 0)
        ),
        max_length=int(raw.get("max_length", 200)),
        choices=list(raw.get("choices") or _all_dependent_choices(choice_map)),
        carry=carry,
        expression=expression,
        display=raw.get("display", ""),
        relevant=_parse_condition(raw["relevant"], raw.get("code"))
        if raw.get("relevant")
        else None,
        choices_by=(raw.get("choice_filter") or {}).get("field"),
        choice_map=choice_map,
    )


def _choice_map(raw: dict) -> dict[str, list[str]]:
    options = (raw.get("choice_filter") or {}).get("options", {})
    if not isinstance(options, dict):
        message = _l("指标“%(code)s”的联动选项应按上级选项分组", code=raw.get("code"))
        raise DefinitionError(str(message))

    return {str(parent): list(children) for parent, children in options.items()}


def _all_dependent_choices(choice_map: dict[str, list[str]]) -> list[str]:
    """Every dependent choice once, in order: the full list old data and exports use."""
    return list(dict.fromkeys(c for group in choice_map.values() for c in group))


def _expression_error(where: str | None, error: ExpressionError) -> DefinitionError:
    """Say which expression is wrong and where, counting characters from 1."""
    message = _l(
        "“%(where)s”的表达式第 %(offset)s 个字符处有误：%(error)s",
        where=where,
        offset=(error.offset or 0) + 1,
        error=error,
    )

    return DefinitionError(str(message))


def _parse_expression(source: str, where: str | None) -> Expression:
    try:
        return Expression(source)
    except ExpressionError as error:
        raise _expression_error(where, error) from None


def _parse_condition(source: str, where: str | None) -> Expression:
    expression = _parse_expression(source, where)
    if not expression.is_condition:
        message = _l('“%(where)s”的显示条件应是一个成立或不成立的条件，例如 a == "是"', where=where)
        raise DefinitionError(str(message))

    return expression


def _check_names(expression: Expression, known: set, dotted: dict, where: str) -> None:
    try:
        expression.check_names(known, dotted)
    except ExpressionError as error:
        raise _expression_error(where, error) from None


def _parse_section(raw: dict) -> Section:
    kind = SectionKind(raw.get("kind", "fields"))
    section = Section(
        code=raw["code"],
        title=raw.get("title", ""),
        kind=kind,
        fields=[_parse_field(f) for f in raw.get("fields", [])],
        key_columns=list(raw.get("key_columns", [])),
        rows=[GridRow(**row) for row in raw.get("rows", [])],
        carries_rows=bool(raw.get("carries_rows", True)),
    )
    codes = [f.code for f in section.fields]
    for code in section.key_columns:
        if code not in codes:
            message = _l(
                "浮动表“%(title)s”的标识列“%(code)s”不存在", title=section.title, code=code
            )
            raise DefinitionError(str(message))

    return section


CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}\Z")


def _check_shape(raw) -> None:
    """Refuse a definition whose JSON shape is wrong before reading its parts."""
    if not isinstance(raw, dict):
        raise DefinitionError(str(_l("表样定义应是一个对象")))
    for key in ("sections", "rules", "rollups"):
        items = raw.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise DefinitionError(str(_l("“%(key)s”应是对象的列表", key=key)))
    codes: list[str] = []
    for section in raw.get("sections", []):
        fields = section.get("fields", [])
        if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
            raise DefinitionError(str(_l("栏目的 fields 应是对象的列表")))
        codes.append(section.get("code"))
        codes += [f.get("code") for f in fields]
        rows = section.get("rows", [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise DefinitionError(str(_l("固定表的 rows 应是对象的列表")))
        row_codes = [r.get("code") for r in rows]
        _check_codes(row_codes, _l("固定表行"))
        for item in fields:
            _check_field_shape(item)
    _check_codes(codes, _l("栏目和指标"))


def _check_codes(codes: list, what) -> None:
    for code in codes:
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            message = _l(
                "%(what)s的代码“%(code)s”应以字母开头，只含字母、数字和下划线，最多40个字符",
                what=what,
                code=code,
            )
            raise DefinitionError(str(message))
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        message = _l("%(what)s的代码“%(code)s”重复了", what=what, code=duplicates[0])
        raise DefinitionError(str(message))


def _check_field_shape(field: dict) -> None:
    code = field.get("code")
    if not isinstance(field.get("label", ""), str) or not field.get("label"):
        raise DefinitionError(str(_l("指标“%(code)s”缺少名称", code=code)))
    if not isinstance(field.get("required", False), bool):
        raise DefinitionError(str(_l("指标“%(code)s”的 required 应为 true 或 false", code=code)))
    choices = field.get("choices", [])
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise DefinitionError(str(_l("指标“%(code)s”的选项应是文字的列表", code=code)))
    places = field.get("places", 0)
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 6:
        raise DefinitionError(str(_l("指标“%(code)s”的小数位数应在0到6之间", code=code)))
    choice_filter = field.get("choice_filter")
    if choice_filter is not None and (
        not isinstance(choice_filter, dict)
        or not isinstance(choice_filter.get("field"), str)
        or not isinstance(choice_filter.get("options", {}), dict)
        or not all(isinstance(v, list) for v in choice_filter.get("options", {}).values())
    ):
        raise DefinitionError(str(_l("指标“%(code)s”的联动选项写法有误", code=code)))
    for key in ("expression", "relevant"):
        if key in field and not isinstance(field[key], str):
            raise DefinitionError(str(_l("指标“%(code)s”的公式应是文字", code=code)))


def _check_rollups(rollups: list[dict]) -> None:
    """Refuse rollups whose columns could not be computed or exported."""
    for rollup in rollups:
        columns = rollup.get("columns")
        source = rollup.get("source")
        if (
            not isinstance(rollup.get("code"), str)
            or not isinstance(columns, list)
            or not (isinstance(source, dict))
        ):
            raise DefinitionError(str(_l("汇总表定义有误：需要 code、source 和 columns")))
        codes = [c.get("code") if isinstance(c, dict) else None for c in columns]
        for column in columns:
            if not isinstance(column, dict) or not isinstance(column.get("code"), str):
                raise DefinitionError(str(_l("汇总表的列定义有误")))
            if column.get("expression") is not None:
                _parse_expression(column["expression"], column["code"])
            rank = column.get("rank")
            if rank is not None and (not isinstance(rank, dict) or rank.get("by") not in codes):
                raise DefinitionError(
                    str(_l("汇总表“%(code)s”的排名依据列不存在", code=rollup["code"]))
                )
            if not isinstance(column.get("width", 0), int):
                raise DefinitionError(str(_l("汇总表的列宽应是整数")))


def parse_definition(raw: dict) -> Definition:
    """Read a definition dict, refusing one whose parts do not fit together."""
    _check_shape(raw)
    sections = [_parse_section(s) for s in raw.get("sections", [])]
    section_codes = {s.code for s in sections}

    rules = []
    for rule in raw.get("rules", []):
        expression = _parse_expression(rule["expression"], rule["code"])
        if not expression.is_condition:
            message = _l(
                "审核公式“%(code)s”应是一个成立或不成立的条件，例如 a <= b", code=rule["code"]
            )
            raise DefinitionError(str(message))
        section = rule.get("section")
        if section is not None and section not in section_codes:
            message = _l(
                "审核公式“%(rule)s”所指的表“%(section)s”不存在", rule=rule["code"], section=section
            )
            raise DefinitionError(str(message))
        rules.append(
            Rule(
                code=rule["code"],
                severity=Severity(rule.get("severity", "mandatory")),
                expression=expression,
                message=rule["message"],
                section=section,
                field=rule.get("field"),
            )
        )

    _check_rollups(raw.get("rollups", []))
    definition = Definition(sections, rules, list(raw.get("rollups", [])), raw)
    dotted = dotted_names(definition)
    for rule in rules:
        _check_names(rule.expression, names_in_scope(definition, rule.section), dotted, rule.code)
    for section in sections:
        row_scope = None if section.kind is SectionKind.fields else section.code
        for f in section.fields:
            for expression in (f.expression, f.relevant):
                if expression is not None:
                    scope = names_in_scope(definition, row_scope)
                    _check_names(expression, scope, dotted, f.code)

    return definition


# Last period's approved values of the same unit (跨期审核): `prev.valid_orders`.
PREVIOUS = "prev"


def dotted_names(definition: Definition) -> dict[str, set[str]]:
    """What may follow a dot: each roster's or grid's columns, and `prev`'s scalar fields."""
    dotted = {
        s.code: {f.code for f in s.fields}
        for s in definition.sections
        if s.kind is not SectionKind.fields
    }
    dotted[PREVIOUS] = {
        f.code for s in definition.sections if s.kind is SectionKind.fields for f in s.fields
    }

    return dotted


def names_in_scope(definition: Definition, section_code: str | None) -> set[str]:
    """The names an expression may use: scalar fields and rosters, plus a row's columns."""
    names = {PREVIOUS}
    for section in definition.sections:
        if section.kind is SectionKind.fields:
            names |= {f.code for f in section.fields}
            names |= {f"{f.code}_ytd" for f in section.fields if f.carry is CarryPolicy.accumulate}
        else:
            names.add(section.code)
    if section_code is not None:
        section = definition.get_section(section_code)
        names |= {f.code for f in section.fields}

    return names
