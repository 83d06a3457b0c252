"""Reporting periods and deadlines, always in China Standard Time."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

CHINA = ZoneInfo("Asia/Shanghai")
# Years 2000-2099: a statistics period outside them is a typing mistake, and the bound keeps
# date arithmetic (next period, default deadline) safe.
MONTH_PATTERN = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])\Z")


def is_month_period(period: str) -> bool:
    """Tell whether `period` is written as a month, "2024-11"."""
    return bool(MONTH_PATTERN.match(period or ""))


def period_label(period: str) -> str:
    """Show a period the way bulletins write it: "2024年11月"."""
    match = MONTH_PATTERN.match(period)
    if not match:
        return period

    return str(_l("%(year)s年%(month)s月", year=match.group(1), month=int(match.group(2))))


def previous_period(period: str) -> str:
    """The month before a month period."""
    year, month = (int(part) for part in period.split("-"))
    if month == 1:
        return f"{year - 1}-12"

    return f"{year}-{month - 1:02d}"


def next_period(period: str) -> str:
    """The month after a month period."""
    year, month = (int(part) for part in period.split("-"))
    if month == 12:
        return f"{year + 1}-01"

    return f"{year}-{month + 1:02d}"


def china_today(now: datetime | None = None) -> date:
    """Today's date in China, whatever zone the server runs in."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)

    return now.astimezone(CHINA).date()


def is_overdue(due_on: date, now: datetime | None = None) -> bool:
    """A deadline day counts to its end (24:00 China time)."""
    return china_today(now) > due_on


def default_due_on(period: str) -> date:
    """Monthly reports are due on the 5th of the following month, the county's custom."""
    year, month = (int(part) for part in next_period(period).split("-"))

    return date(year, month, 5)


def period_first_day(period: str) -> date:
    """The first day of a month period."""
    year, month = (int(part) for part in period.split("-"))

    return date(year, month, 1)


def period_last_day(period: str) -> date:
    """The last day of a month period."""
    return period_first_day(next_period(period)) - timedelta(days=1)
