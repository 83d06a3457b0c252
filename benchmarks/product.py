"""The product side: the app's own rollup and Excel code, and checks that floors agree with it.

Import only inside an app context, after `benchmarks.run` has set up the environment.
"""

import math
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import event

from app.excel import write_rollup_workbook
from app.extensions import db
from app.periods import CHINA, period_label
from app.report_templates.services import get_template_by_code
from app.rollups.services import RollupResult, compute_rollup

ROLLUPS = {"hotline_orders": "by_unit", "window_appraisal": "window_table"}
# Places each column format is exported with (rounded half-up), as app/excel.py does.
EXPORT_PLACES = {"integer": 0, "decimal2": 2, "percent": 4}


class StatementCounter:
    """Counts the SQL statements the app's engine sends."""

    def __init__(self):
        self.count = 0
        event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *_args) -> None:
        self.count += 1

    def close(self) -> None:
        """Stop counting."""
        event.remove(db.engine, "before_cursor_execute", self._count)


class Rollup:
    """One template's rollup, recomputed as a request would: from a fresh session."""

    def __init__(self, template_code: str, period: str):
        self.template_code = template_code
        self.rollup_code = ROLLUPS[template_code]
        self.period = period
        self.template = None

    def fresh_session(self) -> None:
        """Drop every loaded object (as at the start of a request); load the template."""
        db.session.remove()
        self.template = get_template_by_code(self.template_code)

    def compute(self) -> RollupResult:
        """The product's code path: `compute_rollup(template, rollup, period)`."""
        return compute_rollup(self.template, self.rollup_code, self.period)

    def statements(self) -> int:
        """SQL statements one cold `compute` sends."""
        self.fresh_session()
        counter = StatementCounter()
        try:
            self.compute()
        finally:
            counter.close()

        return counter.count


def export(result: RollupResult, path: str) -> None:
    """The product's code path: `write_rollup_workbook(result, path)`."""
    write_rollup_workbook(result, path)


def cells_of(result: RollupResult) -> list[list]:
    """The values `write_rollup_workbook` puts in cells, as str and float, row by row."""
    title = f"{result.title}（{period_label(result.period)}）"
    covered = len(result.covered_units)
    expected = covered + len(result.missing_units)
    made_at = datetime.now(CHINA).strftime("%Y-%m-%d %H:%M")
    coverage = f"已汇总 {covered}/{expected} 个单位    制表时间：{made_at}"
    grid = [[title], [coverage], [c.label for c in result.columns]]
    for group, rows in result.groups():
        grid += [_cells_of_row(result, row, None) for row in rows]
        if group is not None and group in result.subtotals:
            grid.append(_cells_of_row(result, result.subtotals[group], f"{group}小计"))
    if result.total:
        grid.append(_cells_of_row(result, result.total, "合计"))

    return grid


def _cells_of_row(result: RollupResult, row: dict, total_label: str | None) -> list:
    cells = []
    for col, column in enumerate(result.columns):
        value = row.get(column.code)
        if total_label and col == 0:
            value = total_label
        if total_label and column.rank:
            value = None
        if isinstance(value, Decimal) and not column.is_text:
            places = EXPORT_PLACES.get(column.format, 2)
            cells.append(float(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)))
        else:
            cells.append("" if value is None else str(value))

    return cells


def _same(product, floor) -> bool:
    if product is None or floor is None:
        return product is None and floor is None

    return math.isclose(float(product), float(floor), rel_tol=1e-9, abs_tol=1e-9)


def hotline_disagreements(result: RollupResult, floor: dict) -> list[str]:
    """Where the floor's hotline table differs from the product's (an empty list: agree)."""
    problems = []
    codes = [
        "valid_orders",
        "on_time",
        "visited",
        "satisfied",
        "dissatisfied",
        "very_dissatisfied",
        "on_time_rate",
        "satisfied_rate",
        "dissatisfied_rate",
    ]
    if len(result.rows) != len(floor["rows"]):
        problems.append(f"{len(result.rows)} product rows, {len(floor['rows'])} floor rows")
    for row, floor_row in zip(result.rows, floor["rows"], strict=False):
        expected = [row["unit"], *(row.get(c) for c in codes), row.get("rank")]
        if floor_row[0] != expected[0] or not all(
            _same(a, b) for a, b in zip(expected[1:], floor_row[1:], strict=True)
        ):
            problems.append(f"row {row['unit']}: product {expected}, floor {list(floor_row)}")
    total = [result.total.get(c) for c in codes]
    if not all(_same(a, b) for a, b in zip(total, floor["total"], strict=True)):
        problems.append(f"total: product {total}, floor {list(floor['total'])}")
    if sorted(result.covered_units) != sorted(floor["covered"]):
        problems.append("covered units differ")
    if result.missing_units != [name for (name,) in floor["missing"]]:
        problems.append("missing units differ")

    return problems[:5]


def window_disagreements(result: RollupResult, floor: dict) -> list[str]:
    """Where the floor's window table differs from the product's (an empty list: agree)."""
    problems = []
    if len(result.rows) != len(floor["rows"]):
        problems.append(f"{len(result.rows)} product rows, {len(floor['rows'])} floor rows")
    for row, floor_row in zip(result.rows, floor["rows"], strict=False):
        expected = [
            row["group"],
            row["window"],
            row["zone"],
            row["staff"],
            row["total_score"],
            row["avg_score"],
            row["rank"],
        ]
        if expected[:3] != list(floor_row[:3]) or not all(
            _same(a, b) for a, b in zip(expected[3:], floor_row[3:], strict=True)
        ):
            problems.append(f"row {row['window']}: product {expected}, floor {list(floor_row)}")
            break
    for group, staff, score, average in floor["sums"]:
        sums = result.total if group is None else result.subtotals.get(group, {})
        expected = [sums.get("staff"), sums.get("total_score"), sums.get("avg_score")]
        if not all(_same(a, b) for a, b in zip(expected, (staff, score, average), strict=True)):
            problems.append(f"sums of {group or 'all'}: product {expected}, floor sums differ")
    if result.missing_units != [name for (name,) in floor["missing"]]:
        problems.append("missing units differ")

    return problems[:5]


def workbook_disagreements(product_path: str, floor_path: str) -> list[str]:
    """Where the floor's workbook holds other values than the product's, read back.

    The first two rows are left out: they hold the time the workbook was made.
    """
    import openpyxl

    sheets = []
    for path in (product_path, floor_path):
        workbook = openpyxl.load_workbook(path, read_only=True)
        sheets.append(list(workbook.worksheets[0].iter_rows(min_row=3, values_only=True)))
        workbook.close()
    product_rows, floor_rows = sheets
    if len(product_rows) != len(floor_rows):
        return [f"{len(product_rows)} product rows, {len(floor_rows)} floor rows in the workbooks"]
    for number, (mine, theirs) in enumerate(zip(product_rows, floor_rows, strict=True), 3):
        if [v for v in mine if v is not None] != [v for v in theirs if v is not None]:
            return [f"workbook row {number}: product {mine}, floor {theirs}"]

    return []
