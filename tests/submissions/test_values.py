"""Parsing, checking and carrying forward a form's values, on the county's real data."""

import json
from decimal import Decimal

import pytest

from app.demo.loader import DATA_DIR, read_csv
from app.report_templates.definition import Severity, parse_definition
from app.submissions import values


def definition(code: str):
    return parse_definition(json.loads((DATA_DIR / f"{code}.json").read_text("utf-8")))


def field(code: str, section: str, name: str):
    return definition(code).get_section(section).get_field(name)


@pytest.mark.parametrize(
    "raw, value, error",
    [
        ("12", Decimal(12), None),
        (" 1,234 ", Decimal(1234), None),
        ("１２", Decimal(12), None),
        ("12.5", None, "“有效工单”请填写整数，不要带小数点"),
        ("十二", None, "“有效工单”请填写数字，例如 12 或 12.5"),
        ("NaN", None, "“有效工单”请填写数字，例如 12 或 12.5"),
        ("1e2", None, "“有效工单”请填写数字，例如 12 或 12.5"),
        ("1_000", None, "“有效工单”请填写数字，例如 12 或 12.5"),
        ("1,2,3", None, "“有效工单”请填写数字，例如 12 或 12.5"),
        ("١٢", None, "“有效工单”请填写数字，例如 12 或 12.5"),
        ("１２，３４５", Decimal(12345), None),
        ("-0", Decimal(0), None),
        ("99999999999999999999999999999", None, "“有效工单”的数值过大，请核对后重填"),
        ("", None, None),
    ],
)
def test_integer_field_parsing(app, raw, value, error):
    cell = values.parse_cell(field("hotline_orders", "orders", "valid_orders"), raw)

    assert (cell.value, cell.error) == (value, error)
    assert cell.raw == raw.strip()


def test_decimal_field_refuses_more_places_than_defined(app):
    score = field("window_appraisal", "windows", "total_score")

    assert values.parse_cell(score, "100.25").value == Decimal("100.25")
    assert values.parse_cell(score, "100.255").error == "“总得分”最多保留 2 位小数"


def test_choice_field_accepts_only_its_choices(app):
    group = field("window_appraisal", "windows", "group")

    assert values.parse_cell(group, "部门窗口").value == "部门窗口"
    assert values.parse_cell(group, "其他窗口").error == "“分组”请从列表中选择"


def hotline_findings(record: dict) -> list:
    hotline = definition("hotline_orders")
    data = values.empty_form(hotline)
    section = hotline.get_section("orders")
    for f in section.input_fields:
        data["orders"][0].cells[f.code] = values.parse_cell(f, record[f.code])
    values.compute(hotline, data)

    return values.check(hotline, data)


def test_only_the_tax_bureau_trips_the_visits_rule_in_the_real_data(app):
    tripped = {
        record["unit"]: [f.rule_code for f in hotline_findings(record)]
        for record in read_csv("hotline_2024_11_counts.csv")
    }

    verify = {unit for unit, codes in tripped.items() if "visits_add_up" in codes}
    assert verify == {"税务局"}
    assert tripped["税务局"] == ["visits_add_up"]


def test_hint_rule_warns_without_blocking(app):
    record = {
        "valid_orders": "3",
        "on_time": "3",
        "visited": "3",
        "satisfied": "2",
        "dissatisfied": "0",
        "very_dissatisfied": "1",
    }

    findings = hotline_findings(record)

    assert [(f.rule_code, f.severity) for f in findings] == [("low_satisfaction", Severity.hint)]


def test_mandatory_rule_and_required_field(app):
    record = {
        "valid_orders": "5",
        "on_time": "6",
        "visited": "",
        "satisfied": "0",
        "dissatisfied": "0",
        "very_dissatisfied": "0",
    }

    findings = hotline_findings(record)

    messages = {f.message for f in findings if f.severity is Severity.mandatory}
    assert messages == {"按时办结件数不能大于有效工单数", "请填写“回访量”"}


def window_form(period: str):
    windows = definition("window_appraisal")
    section = windows.get_section("windows")
    data = values.empty_form(windows)
    for record in read_csv(f"windows_{period}.csv"):
        row = values.Row(record["window"])
        for f in section.input_fields:
            row.cells[f.code] = values.parse_cell(f, record[f.code])
        data["windows"].append(row)
    values.compute(windows, data)

    return windows, data


def test_carry_forward_keeps_rows_and_their_keys(app):
    windows, october = window_form("2024_10")

    carried = values.carry_forward(windows, october)

    assert [r.key for r in carried["windows"]] == [r.key for r in october["windows"]]
    first = carried["windows"][0].cells
    assert (first["window"].value, first["staff"].value) == ("医保局窗口", Decimal(1))


def test_carry_forward_leaves_empty_fields_empty(app):
    windows, october = window_form("2024_10")
    windows.get_section("windows").get_field("total_score").carry = values.CarryPolicy.empty

    carried = values.carry_forward(windows, october)

    assert "total_score" not in carried["windows"][0].cells
    assert "staff" in carried["windows"][0].cells


def test_duplicate_window_rows_are_refused(app):
    windows, november = window_form("2024_11")
    november["windows"].append(
        november["windows"][0].__class__("copy", dict(november["windows"][0].cells))
    )

    findings = values.check(windows, november)

    assert [f.message for f in findings] == ["“窗口名称”为“医保局窗口”的行重复了，请合并或删除一行"]


def test_real_window_data_passes_every_check(app):
    windows, november = window_form("2024_11")

    assert values.check(windows, november) == []
    assert november["windows"][1].cells["avg_score"].raw == "101.04"


def test_roster_with_too_many_rows_is_refused(app):
    from werkzeug.datastructures import MultiDict

    windows = definition("window_appraisal")
    form = MultiDict([("rows-windows", f"k{i}") for i in range(values.MAX_ROSTER_ROWS + 1)])

    with pytest.raises(values.TooManyRows):
        values.form_from_input(windows, form)


def test_forged_row_keys_are_ignored(app):
    from werkzeug.datastructures import MultiDict

    windows = definition("window_appraisal")
    form = MultiDict(
        [
            ("rows-windows", "<b>x</b>"),
            ("r-windows-<b>x</b>-window", "伪造窗口"),
            ("rows-windows", "ok_1"),
            ("r-windows-ok_1-window", "医保局窗口"),
        ]
    )

    data = values.form_from_input(windows, form)

    assert [row.key for row in data["windows"]] == ["ok_1"]


def field_of(field_type: str, **extra):
    raw = {"code": "f", "label": "项目", "type": field_type, **extra}
    return parse_definition({"sections": [{"code": "s", "fields": [raw]}]}).sections[0].fields[0]


@pytest.mark.parametrize(
    "field_type, extra, raw, stored, error",
    [
        ("long_text", {"max_length": 5}, "一二三四五", "一二三四五", None),
        ("long_text", {"max_length": 5}, "一二三四五六", None, "“项目”不能超过 5 个字"),
        ("percent", {}, "12.5", Decimal("12.5"), None),
        ("percent", {"places": 1}, "12.55", None, "“项目”最多保留 1 位小数"),
        ("date", {}, "2024-11-05", "2024-11-05", None),
        ("date", {}, "2024年11月5日", "2024-11-05", None),
        ("date", {}, "2024-02-30", None, "“项目”请填写日期，例如 2024-11-05"),
        ("month", {}, "2024-11", "2024-11", None),
        ("month", {}, "2024年3月", "2024-03", None),
        ("month", {}, "2024-13", None, "“项目”请填写年月，例如 2024-11"),
        ("yes_no", {}, "是", "是", None),
        ("yes_no", {}, "对", None, "“项目”请从列表中选择"),
        ("multi_choice", {"choices": ["甲", "乙", "丙"]}, "丙\n甲", "甲\n丙", None),
        ("multi_choice", {"choices": ["甲", "乙"]}, "甲\n丁", None, "“项目”请从列表中选择"),
        ("phone", {}, "13812345678", "13812345678", None),
        ("phone", {}, "0737-5222222", "0737-5222222", None),
        ("phone", {}, "12345", None, "“项目”请填写11位手机号或带区号的固定电话，例如 0737-5222222"),
        ("email", {}, "office@nanxian.gov.cn", "office@nanxian.gov.cn", None),
        ("email", {}, "office@", None, "“项目”请填写正确的电子邮箱，例如 name@example.cn"),
        ("citizen_id", {}, "11010519491231002x", "11010519491231002X", None),
        (
            "citizen_id",
            {},
            "110105194912310021",
            None,
            "“项目”不是有效的18位身份证号，请核对（最后一位校验码可能是X）",
        ),
        ("credit_code", {}, "91350100M000100Y43", "91350100M000100Y43", None),
        (
            "credit_code",
            {},
            "91350100M000100Y44",
            None,
            "“项目”不是有效的18位统一社会信用代码，请核对营业执照上的代码",
        ),
    ],
)
def test_each_field_type_parses_and_explains(app, field_type, extra, raw, stored, error):
    cell = values.parse_cell(field_of(field_type, **extra), raw)

    assert (cell.value, cell.error) == (stored, error)
    assert cell.raw == (raw if error else (stored if isinstance(stored, str) else raw))


SKIP_LOGIC = {
    "sections": [
        {
            "code": "main",
            "fields": [
                {
                    "code": "has_market",
                    "label": "是否有集贸市场",
                    "type": "yes_no",
                    "required": True,
                },
                {
                    "code": "stalls",
                    "label": "摊位数",
                    "type": "integer",
                    "required": True,
                    "relevant": 'has_market == "是"',
                },
            ],
        }
    ],
    "rules": [
        {"code": "few", "severity": "hint", "expression": "stalls >= 10", "message": "摊位少于10个"}
    ],
}


@pytest.mark.parametrize(
    "answer, stalls, hidden, messages, stored",
    [
        ("是", "", set(), ["请填写“摊位数”"], {"has_market"}),
        ("是", "5", set(), ["摊位少于10个"], {"has_market", "stalls"}),
        ("否", "5", {"stalls"}, [], {"has_market"}),
        ("", "5", {"stalls"}, ["请填写“是否有集贸市场”"], set()),
    ],
)
def test_hidden_fields_are_neither_checked_nor_stored(
    app, answer, stalls, hidden, messages, stored
):
    definition = parse_definition(SKIP_LOGIC)
    section = definition.get_section("main")
    data = values.empty_form(definition)
    row = data["main"][0]
    row.cells["has_market"] = values.parse_cell(section.get_field("has_market"), answer)
    row.cells["stalls"] = values.parse_cell(section.get_field("stalls"), stalls)

    values.compute(definition, data)

    assert row.hidden == hidden
    assert [f.message for f in values.check(definition, data)] == messages
    assert {r["field_code"] for r in values.to_value_rows(definition, data)} == stored


def test_dependent_choice_must_belong_to_its_parent_answer(app):
    definition = parse_definition(
        {
            "sections": [
                {
                    "code": "main",
                    "fields": [
                        {
                            "code": "township",
                            "label": "乡镇",
                            "type": "choice",
                            "choices": ["南洲镇", "华阁镇"],
                        },
                        {
                            "code": "village",
                            "label": "村（社区）",
                            "type": "choice",
                            "choice_filter": {
                                "field": "township",
                                "options": {"南洲镇": ["南洲村", "永兴村"], "华阁镇": ["华阁村"]},
                            },
                        },
                    ],
                }
            ]
        }
    )
    section = definition.get_section("main")
    village = section.get_field("village")

    def findings(township, chosen):
        data = values.empty_form(definition)
        row = data["main"][0]
        row.cells["township"] = values.parse_cell(section.get_field("township"), township)
        row.cells["village"] = values.parse_cell(village, chosen)
        return [f.message for f in values.check(definition, data)]

    assert village.choices == ["南洲村", "永兴村", "华阁村"]
    assert village.parents_of("华阁村") == ["华阁镇"]
    assert findings("南洲镇", "永兴村") == []
    assert findings("华阁镇", "永兴村") == ["“村（社区）”与上一项的选择不对应，请重新选择"]
