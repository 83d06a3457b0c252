"""Deadlines in China Standard Time, whatever the server's clock zone."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.periods import (
    china_today,
    default_due_on,
    is_overdue,
    next_period,
    parse_period,
    period_label,
    previous_period,
)

DUE = date(2024, 12, 5)


@pytest.mark.parametrize(
    "utc_moment, overdue",
    [
        (datetime(2024, 12, 5, 15, 59, 59, tzinfo=UTC), False),  # 23:59:59 in China
        (datetime(2024, 12, 5, 16, 0, 0, tzinfo=UTC), True),  # 00:00 on the 6th
        (datetime(2024, 12, 4, 20, 0, 0, tzinfo=UTC), False),  # the 5th in China
    ],
)
def test_deadline_day_counts_to_its_end_in_china(utc_moment, overdue):
    with time_machine.travel(utc_moment, tick=False):
        assert is_overdue(DUE) is overdue


def test_china_today_crosses_midnight_before_utc():
    assert china_today(datetime(2024, 12, 31, 16, 30, tzinfo=UTC)) == date(2025, 1, 1)


def test_month_periods():
    assert next_period("2024-12") == "2025-01"
    assert previous_period("2025-01") == "2024-12"
    assert period_label("2024-11") == "2024年11月"


@pytest.mark.parametrize(
    "period, frequency, first, last, label, after, before",
    [
        (
            "2024-11",
            "month",
            date(2024, 11, 1),
            date(2024, 11, 30),
            "2024年11月",
            "2024-12",
            "2024-10",
        ),
        (
            "2024-Q4",
            "quarter",
            date(2024, 10, 1),
            date(2024, 12, 31),
            "2024年第4季度",
            "2025-Q1",
            "2024-Q3",
        ),
        (
            "2024-H1",
            "half",
            date(2024, 1, 1),
            date(2024, 6, 30),
            "2024年上半年",
            "2024-H2",
            "2023-H2",
        ),
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31), "2024年", "2025", "2023"),
        ("2024-02-29", "once", date(2024, 2, 29), date(2024, 2, 29), "2024年2月29日", None, None),
    ],
)
def test_every_frequency(period, frequency, first, last, label, after, before):
    parsed = parse_period(period)

    assert (parsed.frequency, parsed.first_day, parsed.last_day) == (frequency, first, last)
    assert period_label(period) == label
    assert next_period(period) == after
    assert previous_period(period) == before


@pytest.mark.parametrize(
    "text", ["2024-13", "2024-Q5", "2024-H3", "1999", "2023-02-29", "2024-11\n"]
)
def test_non_periods_are_refused(text):
    assert parse_period(text) is None


def test_default_deadline_is_five_days_after_the_period():
    assert default_due_on("2024-12") == date(2025, 1, 5)
    assert default_due_on("2024-Q4") == date(2025, 1, 5)


def test_full_width_digits_are_not_periods_and_2099_has_no_successor():
    assert parse_period("20２６-08") is None
    assert next_period("2099-12") is None
    assert next_period("2099") is None
