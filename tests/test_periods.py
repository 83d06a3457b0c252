"""Deadlines in China Standard Time, whatever the server's clock zone."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.periods import china_today, is_overdue, next_period, period_label, previous_period

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
