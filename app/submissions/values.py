"""A form's values in memory: parsing what was typed, computing, checking, carrying forward.

Web saves, Excel uploads and the API all pass through here, so a value is parsed and checked
one way whichever door it came in by.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from app import messages
from app.expressions import RosterColumns
from app.formatting import format_value, quantize
from app.identifiers import is_valid_citizen_id, is_valid_credit_code
from app.report_templates.definition import (
    PLACED_TYPES,
    PREVIOUS,
    YES_NO_CHOICES,
    CarryPolicy,
    Definition,
    FieldDef,
    FieldType,
    Section,
    SectionKind,
    Severity,
)

SCALAR_ROW = ""


@dataclass
class Cell:
    """One input: the text shown in the box, the parsed value, and a parse error if any."""

    raw: str = ""
    value: Decimal | str | None = None
    error: str | None = None


@dataclass
class Row:
    """A row of a section; scalar sections have a single row keyed ""."""

    key: str
    cells: dict[str, Cell] = field(default_factory=dict)
    label: str = ""

    # Year-to-date before this period of each accumulate field, by field code.
    year_bases: dict = field(default_factory=dict)
    # Fields whose skip logic hides them: neither checked, nor stored, nor rolled up.
    hidden: set = field(default_factory=set)

    def names(self) -> dict:
        names = {
            code: None if code in self.hidden else cell.value for code, cell in self.cells.items()
        }
        for code, base in self.year_bases.items():
            names[f"{code}_ytd"] = year_to_date(base, names.get(code))

        return names


@dataclass
class Finding:
    """A check that did not pass, placed at a field or row where it can be shown."""

    severity: Severity
    message: str
    section: str | None = None
    row_key: str | None = None
    field: str | None = None
    rule_code: str | None = None
    row_label: str = ""
    needs_explanation: bool = False

    @property
    def explanation_key(self) -> str:
        return f"{self.rule_code}:{self.row_key or ''}"


FormData = dict[str, list[Row]]


@dataclass
class CheckContext:
    """What rules may compare with beyond the form: last period and other templates."""

    # Last approved period's scalar values of the same unit, by field code.
    previous: dict = field(default_factory=dict)
    # TOTAL("template", "field") values of the same period, by (template, field).
    totals: dict = field(default_factory=dict)


def new_row_key() -> str:
    """A key for a new roster row, kept with the row across periods."""
    return uuid.uuid4().hex[:12]


def format_number(value: Decimal | None, places: int | None = None) -> str:
    """Format a decimal for a form box: fixed places when given, else as few as needed."""
    if value is None:
        return ""
    if places is not None:
        return format(quantize(value, places), "f")

    return format(value.normalize(), "f")


def format_computed(field_def: FieldDef, value: Decimal | None) -> str:
    """Show a computed value: as a half-up percent, or at the field's places."""
    if value is None:
        return ""
    if field_def.display == "percent":
        return format_value(value, "percent")

    return format_number(value, field_def.places)


def parse_cell(field_def: FieldDef, raw: str | None) -> Cell:
    """Parse what a cadre typed into a field; keep the text (up to a sane length)."""
    raw = (raw or "").strip()[:MAX_RAW_LENGTH]
    if raw == "":
        return Cell()

    if field_def.is_numeric:
        return _parse_number(field_def, raw)
    parser = _TEXT_PARSERS.get(field_def.type, _parse_text)

    return parser(field_def, raw)


def _invalid(raw: str, message, label: str) -> Cell:
    return Cell(raw, None, str(message % {"label": label}))


def _parse_text(field_def: FieldDef, raw: str) -> Cell:
    if len(raw) > field_def.max_length:
        error = messages.TEXT_TOO_LONG % {"label": field_def.label, "max": field_def.max_length}
        return Cell(raw, None, str(error))

    return Cell(raw, raw)


def _parse_choice(field_def: FieldDef, raw: str) -> Cell:
    choices = YES_NO_CHOICES if field_def.type is FieldType.yes_no else field_def.choices
    if raw not in choices:
        return _invalid(raw, messages.NOT_A_CHOICE, field_def.label)

    return Cell(raw, raw)


def _parse_multi_choice(field_def: FieldDef, raw: str) -> Cell:
    """Several choices, kept one per line in the order the template lists them."""
    picked = {part.strip() for part in raw.splitlines() if part.strip()}
    if not picked <= set(field_def.choices):
        return _invalid(raw, messages.NOT_A_CHOICE, field_def.label)
    text = "\n".join(c for c in field_def.choices if c in picked)

    return Cell(text, text)


def _parse_date(field_def: FieldDef, raw: str) -> Cell:
    match = DATE_PATTERN.match(raw)
    try:
        day = date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:
        day = None
    if day is None:
        return _invalid(raw, messages.NOT_A_DATE, field_def.label)

    return Cell(day.isoformat(), day.isoformat())


def _parse_month(field_def: FieldDef, raw: str) -> Cell:
    match = MONTH_INPUT_PATTERN.match(raw)
    if not match or not 1 <= int(match[2]) <= 12:
        return _invalid(raw, messages.NOT_A_MONTH, field_def.label)
    text = f"{match[1]}-{int(match[2]):02d}"

    return Cell(text, text)


def _parse_pattern(pattern, message):
    def parse(field_def: FieldDef, raw: str) -> Cell:
        if not pattern.match(raw):
            return _invalid(raw, message, field_def.label)
        return Cell(raw, raw)

    return parse


def _parse_identifier(check, message):
    def parse(field_def: FieldDef, raw: str) -> Cell:
        text = raw.upper()
        if not check(text):
            return _invalid(raw, message, field_def.label)
        return Cell(text, text)

    return parse


DATE_PATTERN = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\Z")
MONTH_INPUT_PATTERN = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?\Z")
PHONE_PATTERN = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)\Z", re.ASCII)
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}\Z")
_TEXT_PARSERS = {
    FieldType.choice: _parse_choice,
    FieldType.yes_no: _parse_choice,
    FieldType.multi_choice: _parse_multi_choice,
    FieldType.date: _parse_date,
    FieldType.month: _parse_month,
    FieldType.phone: _parse_pattern(PHONE_PATTERN, messages.NOT_A_PHONE),
    FieldType.email: _parse_pattern(EMAIL_PATTERN, messages.NOT_AN_EMAIL),
    FieldType.citizen_id: _parse_identifier(is_valid_citizen_id, messages.NOT_A_CITIZEN_ID),
    FieldType.credit_code: _parse_identifier(is_valid_credit_code, messages.NOT_A_CREDIT_CODE),
}


def _parse_number(field_def: FieldDef, raw: str) -> Cell:
    label = field_def.label
    # Cadres type full-width digits and paste "1,234.5" from spreadsheets; anything else
    # (exponents, underscores, other scripts' digits, misplaced commas) is refused.
    text = raw.translate(_FULL_WIDTH)
    if not NUMBER_PATTERN.match(text):
        return Cell(raw, None, str(messages.NOT_A_NUMBER % {"label": label}))
    try:
        value = Decimal(text.replace(",", "")) + 0  # "+ 0" turns -0 into 0
    except InvalidOperation:
        return Cell(raw, None, str(messages.NOT_A_NUMBER % {"label": label}))
    if abs(value) >= MAX_MAGNITUDE:
        return Cell(raw, None, str(messages.TOO_LARGE % {"label": label}))

    if field_def.type is FieldType.integer and value != value.to_integral_value():
        return Cell(raw, None, str(messages.NOT_AN_INTEGER % {"label": label}))
    if field_def.type in (FieldType.decimal, FieldType.percent):
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > field_def.places:
            error = messages.TOO_MANY_PLACES % {"label": label, "places": field_def.places}
            return Cell(raw, None, str(error))

    return Cell(raw, value)


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")
NUMBER_PATTERN = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\Z", re.ASCII)
# Fifteen integer digits (千万亿) cover any county figure and stay exact in every layer.
MAX_MAGNITUDE = Decimal(10) ** 15
MAX_ROSTER_ROWS = 2000
MAX_RAW_LENGTH = 2000
ROW_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_]{1,40}\Z")


class TooManyRows(ValueError):
    """A roster posted with more rows than a form may hold."""


def empty_form(definition: Definition) -> FormData:
    """The form with nothing typed: scalar sections and grid rows present, rosters empty."""
    data: FormData = {}
    for section in definition.sections:
        if section.kind is SectionKind.fields:
            data[section.code] = [Row(SCALAR_ROW)]
        elif section.kind is SectionKind.grid:
            data[section.code] = [Row(r.code, label=r.label) for r in section.rows]
        else:
            data[section.code] = []

    return data


def form_from_values(definition: Definition, values) -> FormData:
    """Build form data from stored SubmissionValue rows."""
    data = empty_form(definition)
    rows_by_key = {
        section.code: {row.key: row for row in data[section.code]}
        for section in definition.sections
    }

    for value in sorted(values, key=lambda v: (v.section, v.row_order)):
        section = definition.get_section(value.section)
        if section is None:
            continue
        field_def = section.get_field(value.field_code)
        rows = rows_by_key[section.code]
        row = rows.get(value.row_key)
        if row is None:
            if section.kind is not SectionKind.roster:
                continue
            row = rows[value.row_key] = Row(value.row_key)
            data[section.code].append(row)
        if field_def is None or not field_def.is_input:
            continue
        row.cells[field_def.code] = _cell_from_stored(field_def, value.num, value.txt)

    return data


def _cell_from_stored(field_def: FieldDef, num, txt) -> Cell:
    if num is not None:
        places = field_def.places if field_def.type in PLACED_TYPES else None
        return Cell(format_number(num, places), num)

    # A draft may hold text that did not pass its checks; parse it again to show why.
    return parse_cell(field_def, txt)


def form_from_input(definition: Definition, form) -> FormData:
    """Build form data from posted inputs named f-SECTION-FIELD and r-SECTION-N-FIELD."""
    data = empty_form(definition)
    for section in definition.sections:
        if section.kind is SectionKind.roster:
            data[section.code] = _roster_from_input(section, form)
            continue
        for row in data[section.code]:
            for field_def in section.input_fields:
                row.cells[field_def.code] = parse_cell(
                    field_def,
                    _posted(form, field_def, input_name(section, row.key, field_def.code)),
                )

    return data


def _posted(form, field_def: FieldDef, name: str) -> str | None:
    """What the browser sent for a field; a multiple choice sends one value per tick."""
    if field_def.type is FieldType.multi_choice:
        return "\n".join(form.getlist(name))

    return form.get(name)


def input_name(section: Section, row_key: str, field_code: str) -> str:
    """The HTML name of an input; roster inputs are named by row key."""
    if section.kind is SectionKind.fields:
        return f"f-{section.code}-{field_code}"

    return f"r-{section.code}-{row_key}-{field_code}"


def _roster_from_input(section: Section, form) -> list[Row]:
    keys = [k for k in form.getlist(f"rows-{section.code}") if ROW_KEY_PATTERN.match(k)]
    if len(keys) > MAX_ROSTER_ROWS:
        raise TooManyRows(len(keys))
    rows = []
    for key in dict.fromkeys(keys):
        row = Row(key)
        for field_def in section.input_fields:
            row.cells[field_def.code] = parse_cell(
                field_def, _posted(form, field_def, input_name(section, key, field_def.code))
            )
        if any(cell.raw for cell in row.cells.values()):
            rows.append(row)

    return rows


def year_to_date(base: Decimal, value) -> Decimal:
    """This year's total so far: earlier approved periods plus this one's figure."""
    return base + value if isinstance(value, Decimal) else base


def compute(definition: Definition, data: FormData) -> None:
    """Fill computed fields, row by row and then form-wide, from the parsed values."""
    form_names = scalar_names(definition, data)
    for section in definition.sections:
        computed = [f for f in section.fields if not f.is_input]
        for row in data.get(section.code, []):
            names = {**form_names, **row.names()}
            for field_def in computed:
                value = field_def.expression.evaluate(names)
                row.cells[field_def.code] = Cell(format_computed(field_def, value), value)
                names[field_def.code] = value
        if section.kind is SectionKind.fields and computed:
            form_names = scalar_names(definition, data)
    _apply_skip_logic(definition, data)


def _apply_skip_logic(definition: Definition, data: FormData) -> None:
    """Hide each field whose relevance condition does not hold for what is typed now.

    A condition over an empty answer does not hold, as in ODK: a follow-up question stays
    hidden until the question it follows is answered.
    """
    conditional = {
        s.code: [f for f in s.fields if f.relevant is not None] for s in definition.sections
    }
    if not any(conditional.values()):
        return

    for section in definition.sections:
        for row in data.get(section.code, []):
            row.hidden = set()
        form_names = scalar_names(definition, data)
        for row in data.get(section.code, []):
            names = {**form_names, **row.names()}
            row.hidden = {
                f.code for f in conditional[section.code] if f.relevant.evaluate(names) is not True
            }


def scalar_names(definition: Definition, data: FormData) -> dict:
    """Names a form-level expression sees: scalar fields, and rosters as column lists."""
    names: dict = {}
    for section in definition.sections:
        rows = data.get(section.code, [])
        if section.kind is SectionKind.fields:
            names.update(rows[0].names() if rows else {})
        else:
            names[section.code] = RosterColumns(
                {
                    f.code: [row.cells.get(f.code, Cell()).value for row in rows]
                    for f in section.fields
                }
            )

    return names


def check(
    definition: Definition,
    data: FormData,
    context: CheckContext | None = None,
) -> list[Finding]:
    """Every check on a form: types, required, ranges, duplicate rows and the rules."""
    findings = []
    for section in definition.sections:
        for index, row in enumerate(data.get(section.code, []), start=1):
            label = _row_label(section, row, index)
            findings += _check_row(section, row, label)
        findings += _check_duplicate_keys(section, data.get(section.code, []))

    findings += _check_rules(definition, data, context or CheckContext())

    return findings


def _row_label(section: Section, row: Row, index: int) -> str:
    if section.kind is SectionKind.fields:
        return ""
    if row.label:
        return row.label
    key_values = [str(row.cells[c].raw) for c in section.key_columns if row.cells.get(c)]
    key_text = "、".join(v for v in key_values if v)

    if key_text:
        return str(_l("第%(n)s行（%(key)s）", n=index, key=key_text))

    return str(_l("第%(n)s行", n=index))


def _check_row(section: Section, row: Row, row_label: str) -> list[Finding]:
    findings = []
    for field_def in section.input_fields:
        if field_def.code in row.hidden:
            continue
        cell = row.cells.get(field_def.code, Cell())
        message = cell.error or _value_problem(field_def, cell) or _choice_problem(field_def, row)
        if message:
            findings.append(
                Finding(
                    Severity.mandatory,
                    message,
                    section.code,
                    row.key,
                    field_def.code,
                    row_label=row_label,
                )
            )

    return findings


def _value_problem(field_def: FieldDef, cell: Cell) -> str | None:
    label = field_def.label
    if cell.value is None:
        return str(messages.REQUIRED % {"label": label}) if field_def.required else None
    if not isinstance(cell.value, Decimal):
        return None
    if field_def.min is not None and cell.value < field_def.min:
        return str(messages.BELOW_MIN % {"label": label, "min": field_def.min})
    if field_def.max is not None and cell.value > field_def.max:
        return str(messages.ABOVE_MAX % {"label": label, "max": field_def.max})

    return None


def _choice_problem(field_def: FieldDef, row: Row) -> str | None:
    """A dependent choice that does not belong to the answer it depends on."""
    if not field_def.choices_by:
        return None
    value = row.cells.get(field_def.code, Cell()).value
    parent = row.cells.get(field_def.choices_by, Cell()).value
    if value is None or value in field_def.choices_for(parent):
        return None

    return str(messages.CHOICE_MISMATCH % {"label": field_def.label})


def _check_duplicate_keys(section: Section, rows: list[Row]) -> list[Finding]:
    if section.kind is not SectionKind.roster or not section.key_columns:
        return []

    seen = set()
    findings = []
    for index, row in enumerate(rows, start=1):
        key = tuple(row.cells.get(c, Cell()).value for c in section.key_columns)
        if any(v is None for v in key):
            continue
        if key in seen:
            first = section.get_field(section.key_columns[0])
            message = messages.DUPLICATE_ROW_KEY % {"label": first.label, "value": key[0]}
            findings.append(
                Finding(
                    Severity.mandatory,
                    str(message),
                    section.code,
                    row.key,
                    first.code,
                    row_label=_row_label(section, row, index),
                )
            )
        seen.add(key)

    return findings


def _check_rules(definition: Definition, data: FormData, context: CheckContext) -> list[Finding]:
    form_names = scalar_names(definition, data)
    form_names[PREVIOUS] = RosterColumns(context.previous)
    findings = []
    for rule in definition.rules:
        placed_in = rule.section
        if rule.section is None:
            # A form-level rule is shown beside the field it names, in that field's section.
            placed_in = _section_of_field(definition, rule.field)
            targets = [(SCALAR_ROW, "", form_names)]
        else:
            section = definition.get_section(rule.section)
            targets = [
                (row.key, _row_label(section, row, index), {**form_names, **row.names()})
                for index, row in enumerate(data.get(rule.section, []), start=1)
            ]
        for row_key, row_label, names in targets:
            # A rule over empty values is not judged: the required check speaks instead.
            if rule.expression.evaluate(names, context.totals) is False:
                findings.append(
                    Finding(
                        rule.severity,
                        rule.message,
                        placed_in,
                        row_key,
                        rule.field,
                        rule.code,
                        row_label,
                    )
                )

    return findings


def _section_of_field(definition: Definition, field_code: str | None) -> str | None:
    for section in definition.sections:
        if section.kind is SectionKind.fields and section.get_field(field_code or ""):
            return section.code

    return None


def carry_forward(definition: Definition, previous: FormData) -> FormData:
    """Start a new period from last period's data under each field's carry policy.

    Year-to-date (accumulate) fields start empty: the cadre enters this period's figure,
    and its year-to-date is the sum of the year's approved periods (`year_to_date`).
    """
    data = empty_form(definition)
    for section in definition.sections:
        carried_codes = {f.code for f in section.input_fields if f.carry is CarryPolicy.carry}
        old_rows = previous.get(section.code, [])
        if section.kind is SectionKind.roster:
            if not section.carries_rows:
                continue
            data[section.code] = [Row(row.key) for row in old_rows]
        old_by_key = {row.key: row for row in old_rows}
        for row in data[section.code]:
            old = old_by_key.get(row.key)
            if old is None:
                continue
            row.cells = {code: cell for code, cell in old.cells.items() if code in carried_codes}

    return data


def to_value_rows(definition: Definition, data: FormData) -> list[dict]:
    """Flatten form data into the rows stored in submission_value."""
    rows = []
    for section in definition.sections:
        for order, row in enumerate(data.get(section.code, [])):
            for field_def in section.input_fields:
                cell = row.cells.get(field_def.code)
                if cell is None or cell.raw == "" or field_def.code in row.hidden:
                    continue
                is_number = isinstance(cell.value, Decimal)
                rows.append(
                    {
                        "section": section.code,
                        "row_key": row.key,
                        "field_code": field_def.code,
                        "row_order": order,
                        "num": cell.value if is_number else None,
                        "txt": None if is_number else cell.raw,
                    }
                )

    return rows
