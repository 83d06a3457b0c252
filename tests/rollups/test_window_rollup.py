"""The window table rolled up from the demo's approved history equals the published one."""

import csv
from decimal import Decimal

import pytest

from app.demo.loader import DATA_DIR
from app.formatting import format_value
from app.report_templates.services import get_template_by_code
from app.rollups.services import compute_rollup


def published(period: str) -> dict[str, dict]:
    with open(DATA_DIR / f"windows_{period.replace('-', '_')}.csv", encoding="utf-8") as f:
        return {row["window"]: row for row in csv.DictReader(f)}


@pytest.mark.parametrize("period, windows", [("2024-10", 37), ("2024-11", 37)])
def test_window_table_equals_published_averages_and_ranks(demo, period, windows):
    expected = published(period)

    result = compute_rollup(get_template_by_code("window_appraisal"), "window_table", period)

    assert len(result.rows) == windows == len(expected)
    for row in result.rows:
        source = expected[row["window"]]
        assert format_value(row["avg_score"], "decimal2") == source["avg_score"], row["window"]
        assert row["rank"] == Decimal(source["rank"]), row["window"]
        assert row["group"] == source["group"]


def test_window_table_totals_recompute_average_from_sums(demo):
    result = compute_rollup(get_template_by_code("window_appraisal"), "window_table", "2024-11")

    expected = published("2024-11").values()
    staff = sum(int(r["staff"]) for r in expected)
    score = sum(Decimal(r["total_score"]) for r in expected)
    assert result.total["staff"] == staff == 183
    assert result.total["total_score"] == score
    assert format_value(result.total["avg_score"], "decimal2") == "100.37"
    assert set(result.subtotals) == {"部门窗口", "公共服务窗口"}


def test_window_table_lists_rows_by_group_then_rank(demo):
    result = compute_rollup(get_template_by_code("window_appraisal"), "window_table", "2024-11")

    keys = [(r["group"], r["rank"]) for r in result.rows]
    assert keys == sorted(keys, key=lambda k: (k[0] != "部门窗口", k[1]))
    assert result.rows[0]["window"] == "医保局窗口"
