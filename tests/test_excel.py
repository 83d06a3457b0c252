"""Exported workbooks, read back with openpyxl as an office's software would."""

import csv
import io
from decimal import Decimal

import openpyxl

from app.demo.loader import DATA_DIR
from app.excel import display_width, write_rollup_workbook
from app.report_templates.services import get_template_by_code
from app.rollups.services import RollupColumn, RollupResult, compute_rollup


def run_export(app, tmp_path, template_code: str):
    output = tmp_path / f"{template_code}.xlsx"
    result = app.test_cli_runner().invoke(
        args=["rollup", "export", template_code, "2024-11", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output

    return openpyxl.load_workbook(output).worksheets[0]


def test_window_export_holds_the_published_averages_and_ranks(demo, tmp_path):
    sheet = run_export(demo, tmp_path, "window_appraisal")
    with open(DATA_DIR / "windows_2024_11.csv", encoding="utf-8") as f:
        published = {row["window"]: row for row in csv.DictReader(f)}

    header = [c.value for c in sheet[3]]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1] in published]

    assert sheet["A1"].value == "政务服务中心窗口考评情况（2024年11月）"
    assert header == ["分组", "窗口", "区域", "人数", "总得分", "平均分", "排名"]
    assert len(rows) == 37
    for row in rows:
        source = published[row[1]]
        assert Decimal(str(row[5])) == Decimal(source["avg_score"]), row[1]
        assert row[6] == int(source["rank"]), row[1]
    assert sheet.freeze_panes == "A4"


def test_window_export_formats_and_totals(demo, tmp_path):
    sheet = run_export(demo, tmp_path, "window_appraisal")

    last = sheet.max_row
    assert sheet.cell(last, 1).value == "合计"
    assert sheet.cell(last, 4).value == 183
    assert sheet.cell(last, 6).value == 100.37
    assert sheet.cell(4, 6).number_format == "0.00"
    assert sheet.cell(4, 2).data_type == "s"
    assert sheet.column_dimensions["B"].width >= display_width("湖南南县农村商业银行股份有限公司")
    assert sheet.page_setup.orientation == "landscape"


def test_hotline_export_totals_and_percent_format(demo, tmp_path):
    sheet = run_export(demo, tmp_path, "hotline_orders")

    header = [c.value for c in sheet[3]]
    total = [c.value for c in sheet[sheet.max_row]]
    first = sheet[4]

    assert header[:7] == ["单位", "有效工单", "按时办结", "回访量", "满意", "不满意", "非常不满意"]
    assert total[0] == "合计"
    assert (total[1], total[5], total[6]) == (648, 10, 36)
    assert total[header.index("满意率")] == 0.9272
    assert first[header.index("满意率")].number_format == "0.00%"
    assert first[0].value == "南洲镇"
    assert sheet.max_row - 3 == 32


def test_text_is_written_as_text(app):
    result = RollupResult(
        template=None,
        task=None,
        code="ids",
        title="文本测试",
        period="2024-11",
        scope="approved",
        columns=[
            RollupColumn("name", "名称"),
            RollupColumn("id", "身份证号"),
            RollupColumn("n", "数量", format="integer", total="sum"),
        ],
        rows=[
            {"name": '=HYPERLINK("http://x")', "id": "430921199001011234", "n": Decimal(2)},
            {"name": "+1-1", "id": "0731-5222222", "n": Decimal(3)},
        ],
        total={"n": Decimal(5)},
    )
    buffer = io.BytesIO()

    write_rollup_workbook(result, buffer)
    sheet = openpyxl.load_workbook(buffer).worksheets[0]

    assert sheet["A4"].value == '=HYPERLINK("http://x")'
    assert sheet["A4"].data_type == "s"
    assert sheet["B4"].value == "430921199001011234"
    assert sheet["B5"].value == "0731-5222222"
    assert sheet["C6"].value == 5


def test_export_refuses_unknown_template(app):
    result = app.test_cli_runner().invoke(
        args=["rollup", "export", "nope", "2024-11", "--output", "/tmp/x.xlsx"]
    )

    assert result.exit_code != 0
    assert "no template" in result.output


def test_web_download_has_a_chinese_file_name(demo, login):
    manager = login("manager_zwzx")

    response = manager.get("/rollups/window_appraisal/window_table/2024-11.xlsx")

    disposition = response.headers["Content-Disposition"]
    assert response.status_code == 200
    assert "filename*=UTF-8''" in disposition
    assert "%E7%AA%97%E5%8F%A3" in disposition  # 窗口
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert sheet["B4"].value == "医保局窗口"


def test_rollup_of_a_period_without_task_is_empty(demo):
    result = compute_rollup(get_template_by_code("window_appraisal"), "window_table", "2023-01")

    assert result.task is None and result.rows == []
