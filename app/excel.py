"""Excel writing, all in one place: consolidated tables in the layout offices print.

Every text cell goes through `write_string`, so a value starting with "=" stays text and an
18-digit id keeps every digit; numbers are written already rounded half-up to the places
they are shown with, so what Excel holds is what the table says.
"""

import re
import unicodedata
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from flask_babel import lazy_gettext as _l

from app.formatting import FORMAT_PLACES, quantize
from app.periods import CHINA, period_label
from app.rollups.services import RollupResult

NUMBER_FORMATS = {"integer": "0", "decimal2": "0.00", "percent": "0.00%"}
MAX_WIDTH = 60


def display_width(text: str) -> int:
    """Width of text in Excel character units: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_name(title: str) -> str:
    """A valid sheet name: no []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Sheet1"


class _Formats:
    """The workbook's cell formats, created once."""

    def __init__(self, workbook):
        base = {"font_name": "宋体", "font_size": 11, "border": 1, "valign": "vcenter"}
        self.title = workbook.add_format(
            {"font_name": "黑体", "font_size": 16, "bold": True, "align": "center"}
        )
        self.meta = workbook.add_format({"font_name": "宋体", "font_size": 10})
        self.header = workbook.add_format(
            {**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"}
        )
        self.text = workbook.add_format({**base})
        self.total_text = workbook.add_format({**base, "bold": True})
        self.numbers = {
            fmt: workbook.add_format({**base, "num_format": code, "align": "right"})
            for fmt, code in NUMBER_FORMATS.items()
        }
        self.total_numbers = {
            fmt: workbook.add_format({**base, "num_format": code, "align": "right", "bold": True})
            for fmt, code in NUMBER_FORMATS.items()
        }


def write_rollup_workbook(result: RollupResult, target, *, made_by: str = "") -> None:
    """Write a rollup as a one-sheet workbook to a path or a binary file object."""
    workbook = xlsxwriter.Workbook(
        target,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
    )
    formats = _Formats(workbook)
    sheet = workbook.add_worksheet(sheet_name(result.title))

    widths = [display_width(c.label) for c in result.columns]
    last_col = len(result.columns) - 1
    title = str(
        _l("%(title)s（%(period)s）", title=result.title, period=period_label(result.period))
    )
    sheet.merge_range(0, 0, 0, last_col, title, formats.title)
    sheet.set_row(0, 30)
    sheet.write_string(1, 0, _coverage_text(result, made_by), formats.meta)

    header_row = 2
    for col, column in enumerate(result.columns):
        sheet.write_string(header_row, col, column.label, formats.header)

    row_index = header_row + 1
    for group, rows in result.groups():
        for row in rows:
            _write_row(sheet, row_index, result, row, formats, widths, total=False)
            row_index += 1
        if group is not None and group in result.subtotals:
            label = str(_l("%(group)s小计", group=group))
            _write_row(sheet, row_index, result, result.subtotals[group], formats, widths, label)
            row_index += 1
    if result.total:
        _write_row(sheet, row_index, result, result.total, formats, widths, total=str(_l("合计")))

    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width + 2, MAX_WIDTH))
    sheet.freeze_panes(header_row + 1, 0)
    _set_up_printing(sheet, header_row, made_by)
    workbook.close()


def _coverage_text(result: RollupResult, made_by: str) -> str:
    covered = len(result.covered_units)
    expected = covered + len(result.missing_units)
    made_at = datetime.now(CHINA).strftime("%Y-%m-%d %H:%M")
    text = str(_l("已汇总 %(covered)s/%(expected)s 个单位", covered=covered, expected=expected))
    text += "    " + str(_l("制表时间：%(at)s", at=made_at))
    if made_by:
        text += "    " + str(_l("制表人：%(name)s", name=made_by))

    return text


def _write_row(sheet, row_index, result, row, formats, widths, total) -> None:
    """Write one table row; `total` is False, or the label of a subtotal or total row."""
    for col, column in enumerate(result.columns):
        value = row.get(column.code)
        if total and col == 0:
            value = total
        if total and column.rank:
            value = None

        if isinstance(value, Decimal) and not column.is_text:
            fmt = column.format if column.format in NUMBER_FORMATS else "decimal2"
            cell_format = (formats.total_numbers if total else formats.numbers)[fmt]
            rounded = quantize(value, FORMAT_PLACES.get(fmt, 2))
            sheet.write_number(row_index, col, float(rounded), cell_format)
            shown = len(str(rounded)) + (1 if fmt == "percent" else 0)
        else:
            text = "" if value is None else str(value)
            sheet.write_string(row_index, col, text, formats.total_text if total else formats.text)
            shown = display_width(text)
        widths[col] = max(widths[col], column.width or 0, shown)


def _set_up_printing(sheet, header_row: int, made_by: str) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    # Excel footer codes: &L left, &R right, &P page number, &N page count; "&" is escaped.
    left = str(_l("制表人：%(name)s", name=made_by.replace("&", "&&"))) if made_by else ""
    sheet.set_footer("&L" + left + "&R" + str(_l("第 &P 页，共 &N 页")))
