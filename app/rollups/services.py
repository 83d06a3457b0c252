"""Computing a rollup (汇总表) from a template's rollup definition, live from the database.

Rates are recomputed from summed counts on total rows, never averaged; ranks compare values
at the places they are shown, since that is what a reader of the table sees; rounding
happens only when a value is formatted.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from app.expressions import Expression
from app.extensions import db
from app.formatting import FORMAT_PLACES, quantize
from app.models import (
    ReportTemplate,
    Submission,
    SubmissionStatus,
    SubmissionValue,
    Task,
    Unit,
    task_unit,
)
from app.report_templates.definition import SectionKind
from app.report_templates.services import get_definition

SCOPE_STATUSES = {
    "approved": (SubmissionStatus.approved,),
    "submitted": (SubmissionStatus.approved, SubmissionStatus.submitted),
}


@dataclass
class RollupColumn:
    """A column of a rollup with how it is computed and shown."""

    code: str
    label: str
    format: str = "text"
    total: str = "none"
    field: str | None = None
    expression: Expression | None = None
    share_of: str | None = None
    rank: dict | None = None
    width: int | None = None

    @property
    def is_text(self) -> bool:
        return self.format == "text"


@dataclass
class RollupResult:
    """A computed rollup: rows, subtotals per group, a total row, and what it covers."""

    template: ReportTemplate
    task: Task | None
    code: str
    title: str
    period: str
    scope: str
    columns: list[RollupColumn]
    rows: list[dict] = field(default_factory=list)
    subtotals: dict[str, dict] = field(default_factory=dict)
    total: dict | None = None
    group_by: str | None = None
    covered_units: list[str] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)

    def groups(self) -> list[tuple[str | None, list[dict]]]:
        """Rows split by group, in order of first appearance."""
        if not self.group_by:
            return [(None, self.rows)]
        grouped: dict = defaultdict(list)
        for row in self.rows:
            grouped[row.get(self.group_by)].append(row)

        return list(grouped.items())


def _parse_columns(raw_columns: list[dict]) -> list[RollupColumn]:
    columns = []
    for raw in raw_columns:
        expression = Expression(raw["expression"]) if raw.get("expression") else None
        columns.append(
            RollupColumn(
                code=raw["code"],
                label=raw["label"],
                format=raw.get("format", "integer" if raw.get("rank") else "text"),
                total=raw.get("total", "none"),
                field=raw.get("field"),
                expression=expression,
                share_of=raw.get("share_of"),
                rank=raw.get("rank"),
                width=raw.get("width"),
            )
        )

    return columns


def find_task(template: ReportTemplate, period: str) -> Task | None:
    """The template's task for a period."""
    query = db.select(Task).filter_by(template_id=template.id, period=period)

    return db.session.scalars(query).first()


def compute_rollup(
    template: ReportTemplate,
    rollup_code: str,
    period: str,
    scope: str = "approved",
) -> RollupResult:
    """Compute one of a template's rollups for a period from the submissions in `scope`."""
    task = find_task(template, period)
    version = task.template_version if task else template.current_version
    if version is None:
        raise LookupError(rollup_code)
    spec = get_definition(version).get_rollup(rollup_code)
    if spec is None:
        raise LookupError(rollup_code)

    result = RollupResult(
        template=template,
        task=task,
        code=rollup_code,
        title=spec["title"],
        period=period,
        scope=scope,
        columns=_parse_columns(spec["columns"]),
        group_by=spec.get("group_by"),
    )
    if task is None:
        return result

    submissions = _query_submissions(task, SCOPE_STATUSES[scope])
    result.covered_units = [s.unit_name for s in submissions]
    covered_ids = {s.unit_id for s in submissions}
    assigned = db.session.execute(
        db.select(Unit.id, Unit.name)
        .join(task_unit, task_unit.c.unit_id == Unit.id)
        .where(task_unit.c.task_id == task.id)
        .order_by(Unit.sort_order, Unit.id)
    )
    result.missing_units = [name for unit_id, name in assigned if unit_id not in covered_ids]

    source_rows = _source_rows(spec["source"], task, submissions, SCOPE_STATUSES[scope])
    _fill_rows(result, source_rows, spec.get("sort", []))

    return result


def _query_submissions(task: Task, statuses) -> list:
    """The covered submissions as (id, unit_id, unit_name, unit_order) rows, not records."""
    query = (
        db.select(
            Submission.id,
            Submission.unit_id,
            Unit.name.label("unit_name"),
            Unit.sort_order.label("unit_order"),
        )
        .join(Unit, Unit.id == Submission.unit_id)
        .where(Submission.task_id == task.id, Submission.status.in_(statuses))
        .order_by(Submission.id)
    )

    return list(db.session.execute(query))


def _source_rows(
    source: dict,
    task: Task,
    submissions: list,
    statuses,
) -> list[dict]:
    """Rows before computed columns: one per unit, per roster row, or per grid row."""
    if not submissions:
        return []

    units = {s.id: s for s in submissions}
    section = source.get("section")
    value = SubmissionValue
    # Plain column tuples, not ORM objects: building an object per stored value cost ten
    # times the query itself (benchmarks/).
    query = (
        db.select(
            value.submission_id,
            value.row_key,
            value.row_order,
            value.field_code,
            value.num,
            value.txt,
        )
        .join(Submission, Submission.id == value.submission_id)
        .where(Submission.task_id == task.id, Submission.status.in_(statuses))
        .order_by(value.submission_id, value.row_order)
    )
    if section is None:
        query = query.where(value.row_key == "")
    else:
        query = query.where(value.section == section)

    rows: dict[tuple, dict] = {}
    for submission_id, row_key, row_order, field_code, num, txt in db.session.execute(query):
        row = rows.get((submission_id, row_key))
        if row is None:
            unit = units[submission_id]
            row = rows[(submission_id, row_key)] = {
                "unit": unit.unit_name,
                "unit_order": unit.unit_order,
                "row_key": row_key,
                "row_order": row_order,
            }
        row[field_code] = num if num is not None else txt

    definition = get_definition(task.template_version)
    if section is not None and definition.get_section(section).kind is SectionKind.grid:
        return _sum_grid_rows(definition.get_section(section), rows.values())

    return list(rows.values())


def _sum_grid_rows(section, rows) -> list[dict]:
    """A grid rolls up row by row: each fixed row's cells summed over the units."""
    summed = {r.code: {"row_label": r.label, "row_order": i} for i, r in enumerate(section.rows)}
    for row in rows:
        target = summed.get(row["row_key"])
        if target is None:
            continue
        for field_def in section.input_fields:
            value = row.get(field_def.code)
            if isinstance(value, Decimal):
                target[field_def.code] = target.get(field_def.code, Decimal(0)) + value

    return list(summed.values())


def _fill_rows(result: RollupResult, rows: list[dict], sort: list[str]) -> None:
    columns = result.columns
    for row in rows:
        _compute_row(columns, row)

    result.total = _total_row(columns, rows) if rows else None
    for column in columns:
        if column.share_of and result.total:
            whole = result.total.get(column.share_of)
            for row in rows:
                part = row.get(column.share_of)
                row[column.code] = part / whole if part is not None and whole else None
            result.total[column.code] = Decimal(1) if whole else None
    for column in columns:
        if column.rank:
            _rank_rows(rows, column, columns)

    if result.group_by:
        for group, members in _group(rows, result.group_by).items():
            result.subtotals[group] = _total_row(columns, members)

    sort_keys = [result.group_by] if result.group_by else []
    group_order = {g: i for i, g in enumerate(_group(rows, result.group_by or ""))}
    result.rows = sorted(
        rows,
        key=lambda r: tuple(
            group_order.get(r.get(k), 0) if k == result.group_by else _sort_value(r.get(k))
            for k in sort_keys + sort
        ),
    )


def _sort_value(value):
    return (value is None, value if value is not None else 0)


def _group(rows: list[dict], group_by: str | None) -> dict:
    grouped: dict = defaultdict(list)
    for row in rows:
        grouped[row.get(group_by)].append(row)

    return grouped


def _compute_row(columns: list[RollupColumn], row: dict) -> None:
    for column in columns:
        if column.expression is not None:
            row[column.code] = column.expression.evaluate(row)
        elif column.field and column.code != column.field:
            row[column.code] = row.get(column.field)


def _total_row(columns: list[RollupColumn], rows: list[dict]) -> dict:
    """Sums where sums make sense, and ratios recomputed from those sums."""
    total: dict = {}
    for column in columns:
        if column.total == "sum":
            source = column.field or column.code
            total[column.code] = sum(
                (r[source] for r in rows if isinstance(r.get(source), Decimal)),
                Decimal(0),
            )
            if column.field:
                total[column.field] = total[column.code]
    for column in columns:
        if column.total == "recompute" and column.expression is not None:
            total[column.code] = column.expression.evaluate(total)

    return total


def _rank_rows(rows: list[dict], column: RollupColumn, columns: list[RollupColumn]) -> None:
    """Dense (1, 2, 2, 3) or standard (1, 2, 2, 4) rank, within a group when one is named."""
    spec = column.rank
    by = next(c for c in columns if c.code == spec["by"])
    places = FORMAT_PLACES.get(by.format, 2)
    descending = spec.get("order", "desc") == "desc"
    groups = _group(rows, spec.get("within")) if spec.get("within") else {None: rows}

    dense = spec.get("method", "dense") == "dense"
    for members in groups.values():
        ranked = [r for r in members if r.get(by.code) is not None]
        shown = [quantize(r[by.code], places) for r in ranked]
        ordered = sorted(shown, reverse=descending)
        # Dense: position among distinct values; standard: position of the first equal one.
        distinct = sorted(set(shown), reverse=descending)
        dense_rank = {value: i + 1 for i, value in enumerate(distinct)}
        standard_rank = {}
        for position, value in enumerate(ordered, start=1):
            standard_rank.setdefault(value, position)
        ranks = dense_rank if dense else standard_rank
        for row, value in zip(ranked, shown, strict=True):
            row[column.code] = Decimal(ranks[value])
