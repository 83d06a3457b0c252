"""Floors: the same work as the product's code paths, done with bare sqlite3 and XlsxWriter.

Nothing here imports the app: the floors read the database file the app wrote, with the
`sqlite3` module and plain SQL, and write workbooks with plain XlsxWriter calls.

SQLite keeps `submission_value.num` as decimal text (app/models/types.py, ExactDecimal), so
the floors add numbers with `SUM(CAST(num AS REAL))`, in floating point. The product adds
`Decimal`s in Python; the exactness is a product choice whose cost the ratio includes.
"""

import sqlite3

import xlsxwriter

TASK_SQL = """
SELECT t.id FROM task t JOIN report_template r ON r.id = t.template_id
WHERE r.code = ? AND t.period = ?
"""

# Assigned units without an approved submission: the rollup's "missing units" line.
MISSING_SQL = """
SELECT u.name FROM task_unit tu JOIN unit u ON u.id = tu.unit_id
WHERE tu.task_id = ? AND NOT EXISTS (
    SELECT 1 FROM submission s
    WHERE s.task_id = tu.task_id AND s.unit_id = tu.unit_id AND s.status = 'approved')
ORDER BY u.sort_order, u.id
"""

HOTLINE_COUNTS = (
    "valid_orders",
    "on_time",
    "visited",
    "satisfied",
    "dissatisfied",
    "very_dissatisfied",
)
_HOTLINE_PIVOT = ",\n".join(
    f"    SUM(CASE WHEN v.field_code = '{code}' THEN CAST(v.num AS REAL) END) AS {code}"
    for code in HOTLINE_COUNTS
)
# The whole hotline table in one statement, read in the primary key's order.
# p: one row per approved submission of the task, its 6 counts pivoted out of the long table.
# kind 0: per unit, in unit order: name, the 6 counts, the 3 rates from the counts, and the
#   dense rank by satisfaction rate rounded half-up to the 4 places the table shows (none
#   without a rate). The rounding is done on the counts, floor((2 * 10^4 * s + v) / (2 * v)),
#   so that ties are exactly the table's: ROUND() on a float can round 0.99375 down.
# kind 1: the total row: the 6 sums, and the 3 rates recomputed from the sums (not averaged).
HOTLINE_SQL = f"""
WITH p AS MATERIALIZED (
  SELECT v.submission_id,
{_HOTLINE_PIVOT}
  FROM submission_value v
  WHERE v.submission_id IN (SELECT id FROM submission WHERE task_id = ? AND status = 'approved')
    AND v.section = 'orders' AND v.row_key = ''
  GROUP BY v.submission_id
)
SELECT 0 AS kind, u.sort_order, p.submission_id, u.name,
  p.valid_orders, p.on_time, p.visited, p.satisfied, p.dissatisfied, p.very_dissatisfied,
  p.on_time / NULLIF(p.valid_orders, 0),
  p.satisfied / NULLIF(p.visited, 0),
  (p.dissatisfied + p.very_dissatisfied) / NULLIF(p.visited, 0),
  CASE WHEN p.satisfied / NULLIF(p.visited, 0) IS NOT NULL THEN DENSE_RANK() OVER (
    PARTITION BY p.satisfied / NULLIF(p.visited, 0) IS NULL
    ORDER BY CAST((20000 * p.satisfied + p.visited) / (2 * p.visited) AS INTEGER) DESC) END
FROM p JOIN submission s ON s.id = p.submission_id JOIN unit u ON u.id = s.unit_id
UNION ALL
SELECT 1, NULL, NULL, NULL,
  SUM(valid_orders), SUM(on_time), SUM(visited), SUM(satisfied), SUM(dissatisfied),
  SUM(very_dissatisfied),
  SUM(on_time) / NULLIF(SUM(valid_orders), 0),
  SUM(satisfied) / NULLIF(SUM(visited), 0),
  (SUM(dissatisfied) + SUM(very_dissatisfied)) / NULLIF(SUM(visited), 0),
  NULL
FROM p
ORDER BY 1, 2, 3
"""

# The whole window table in one statement, read in the primary key's order.
# r: one row per roster row (submission, row key), its 5 input columns pivoted out.
# g: per group, the order of its first row, and the staff and score sums.
# kind 0: every window with its average score, and its dense rank within its group by the
#   average rounded half-up to 2 places, computed on the score in cents,
#   floor((2 * 100 * t + n) / (2 * n)), so that ties are exactly the table's.
# kind 1: each group's subtotal, the average recomputed from the sums; kind 2: the total.
# Order: the table's: groups by first appearance, each group's windows by rank (ties in
#   submission and row order), then its subtotal; the total last.
WINDOW_SQL = """
WITH r AS MATERIALIZED (
  SELECT v.submission_id, v.row_key, MIN(v.row_order) AS row_order,
    MAX(CASE WHEN v.field_code = 'group' THEN v.txt END) AS grp,
    MAX(CASE WHEN v.field_code = 'window' THEN v.txt END) AS window,
    MAX(CASE WHEN v.field_code = 'zone' THEN v.txt END) AS zone,
    SUM(CASE WHEN v.field_code = 'staff' THEN CAST(v.num AS REAL) END) AS staff,
    SUM(CASE WHEN v.field_code = 'total_score' THEN CAST(v.num AS REAL) END) AS total_score
  FROM submission_value v
  WHERE v.submission_id IN (SELECT id FROM submission WHERE task_id = ? AND status = 'approved')
    AND v.section = 'windows'
  GROUP BY v.submission_id, v.section, v.row_key
),
g AS MATERIALIZED (
  SELECT grp, MIN(submission_id * 1000000 + row_order) AS group_order,
    SUM(staff) AS staff, SUM(total_score) AS total_score
  FROM r GROUP BY grp
)
SELECT 0 AS kind, g.group_order, r.submission_id, r.row_order, r.grp, r.window, r.zone,
  r.staff, r.total_score, r.total_score / NULLIF(r.staff, 0),
  DENSE_RANK() OVER (PARTITION BY r.grp ORDER BY
    CAST((2 * ROUND(r.total_score * 100) + r.staff) / (2 * r.staff) AS INTEGER) DESC) AS rank
FROM r JOIN g ON g.grp = r.grp
UNION ALL
SELECT 1, group_order, NULL, NULL, grp, NULL, NULL, staff, total_score,
  total_score / NULLIF(staff, 0), NULL
FROM g
UNION ALL
SELECT 2, 9e18, NULL, NULL, NULL, NULL, NULL, SUM(staff), SUM(total_score),
  SUM(total_score) / NULLIF(SUM(staff), 0), NULL
FROM g
ORDER BY 2, 1, 11, 3, 4
"""


class SqliteFloor:
    """A persistent sqlite3 connection to the app's database file; it only reads."""

    def __init__(self, path: str):
        self.connection = sqlite3.connect(path)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def _task_id(self, template_code: str, period: str) -> int:
        return self.connection.execute(TASK_SQL, (template_code, period)).fetchone()[0]

    def hotline_rollup(self, period: str) -> dict:
        """The hotline by-unit table in 3 statements: task, the table, missing units."""
        task_id = self._task_id("hotline_orders", period)
        table = self.connection.execute(HOTLINE_SQL, (task_id,)).fetchall()
        missing = self.connection.execute(MISSING_SQL, (task_id,)).fetchall()
        rows = [r[3:] for r in table if r[0] == 0]

        return {
            "rows": rows,
            "total": next(r[4:13] for r in table if r[0] == 1),
            "covered": [r[0] for r in rows],
            "missing": missing,
        }

    def window_rollup(self, period: str) -> dict:
        """The window table in 3 statements: task, the table, missing units."""
        task_id = self._task_id("window_appraisal", period)
        table = self.connection.execute(WINDOW_SQL, (task_id,)).fetchall()
        missing = self.connection.execute(MISSING_SQL, (task_id,)).fetchall()

        return {
            "rows": [r[4:] for r in table if r[0] == 0],
            "sums": [(r[4], *r[7:10]) for r in table if r[0] != 0],
            "missing": missing,
        }


STATEMENTS_PER_ROLLUP = 3


def write_cells(path: str, cells: list[list]) -> None:
    """Write a grid of str/float cells to one sheet: write_string, write_number, one format."""
    workbook = xlsxwriter.Workbook(path, {"in_memory": True})
    sheet = workbook.add_worksheet()
    number = workbook.add_format({"num_format": "0.00"})
    for row_index, row in enumerate(cells):
        for col, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(row_index, col, value)
            else:
                sheet.write_number(row_index, col, value, number)
    workbook.close()
