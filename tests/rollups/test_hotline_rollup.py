"""The hotline table: rates computed from counts, totals over the 31 units, ranks."""

import csv

from app.demo.loader import DATA_DIR
from app.formatting import format_value
from app.report_templates.services import get_template_by_code
from app.rollups.services import compute_rollup


def published() -> dict[str, dict]:
    with open(DATA_DIR / "hotline_2024_11_published.csv", encoding="utf-8") as f:
        return {row["unit"]: row for row in csv.DictReader(f)}


def normalise(percent: str) -> str:
    return "0.00%" if percent == "0%" else percent


def hotline_rollup():
    return compute_rollup(get_template_by_code("hotline_orders"), "by_unit", "2024-11")


def test_hotline_totals_are_the_sums_of_the_real_data(demo):
    result = hotline_rollup()

    assert len(result.rows) == 31
    assert result.total["valid_orders"] == 648
    assert result.total["dissatisfied"] == 10
    assert result.total["very_dissatisfied"] == 36
    assert result.covered_units and not result.missing_units


def test_hotline_rates_match_the_published_table(demo):
    expected = published()

    rows = {row["unit"]: row for row in hotline_rollup().rows}

    for unit, source in expected.items():
        row = rows[unit]
        assert row["valid_orders"] == int(source["valid_orders"])
        assert format_value(row["on_time_rate"], "percent") == source["on_time_rate"]
        assert format_value(row["satisfied_rate"], "percent") == source["satisfied_rate"], unit
        if unit != "税务局":
            assert format_value(row["dissatisfied_rate"], "percent") == normalise(
                source["dissatisfied_rate"]
            ), unit


def test_tax_bureau_dissatisfaction_rate_follows_its_counts_not_the_typed_rate(demo):
    row = next(r for r in hotline_rollup().rows if r["unit"] == "税务局")

    # The source typed 16.67%, but its counts hold no dissatisfied order: rates come
    # from counts, and the inconsistency is caught by the 核实 rule instead.
    assert format_value(row["dissatisfied_rate"], "percent") == "0.00%"
    assert published()["税务局"]["dissatisfied_rate"] == "16.67%"


def test_total_rates_are_ratios_of_sums_not_averages_of_rates(demo):
    result = hotline_rollup()

    assert format_value(result.total["satisfied_rate"], "percent") == "92.72%"
    mean_of_rates = sum(r["satisfied_rate"] for r in result.rows) / len(result.rows)
    assert format_value(mean_of_rates, "percent") != "92.72%"


def test_satisfaction_rank_is_dense(demo):
    rows = hotline_rollup().rows

    ranks = sorted({int(r["rank"]) for r in rows})
    assert ranks == list(range(1, len(ranks) + 1))
    full = [r["unit"] for r in rows if r["satisfied_rate"] == 1]
    assert all(r["rank"] == 1 for r in rows if r["unit"] in full)
    assert next(r for r in rows if r["unit"] == "水利局")["rank"] == ranks[-1]
