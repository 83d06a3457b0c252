"""Reporting periods and deadlines, always in China Standard Time.

A period is written as text that sorts in time order within one frequency:
"2024-11" (month), "2024-Q4" (quarter), "2024-H2" (half-year), "2024" (year) and
"2024-11-15" (a one-off survey, named by its day).
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

CHINA = ZoneInfo("Asia/Shanghai")
# Years 2000-2099: a statistics period outside them is a typing mistake, and the bound keeps
# date arithmetic (next period, default deadline) safe.
PERIOD_PATTERN = re.compile(
    r"^(?P<year>20\d\d)"
    r"(?:-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?"
    r"|-Q(?P<quarter>[1-4])|-H(?P<half>[12]))?\Z",
    re.ASCII,
)
MONTH_PATTERN = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])\Z", re.ASCII)
FREQUENCIES = ("month", "quarter", "half", "year", "once")
EXAMPLES = {
    "month": "2024-12",
    "quarter": "2024-Q4",
    "half": "2024-H2",
    "year": "2024",
    "once": "2024-12-15",
}


@dataclass(frozen=True)
class Period:
    """A parsed period: its frequency, first and last day."""

    text: str
    frequency: str
    first_day: date
    last_day: date


def parse_period(text: str | None) -> Period | None:
    """Read a period, or None if it is not one."""
    match = PERIOD_PATTERN.match(text or "")
    if not match:
        return None
    year = int(match["year"])
    if match["day"]:
        try:
            day = date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            return None
        return Period(text, "once", day, day)
    if match["month"]:
        return _span(text, "month", year, int(match["month"]), 1)
    if match["quarter"]:
        return _span(text, "quarter", year, int(match["quarter"]) * 3 - 2, 3)
    if match["half"]:
        return _span(text, "half", year, int(match["half"]) * 6 - 5, 6)

    return _span(text, "year", year, 1, 12)


def _span(text: str, frequency: str, year: int, first_month: int, months: int) -> Period:
    first = date(year, first_month, 1)
    end_month = first_month + months
    after = date(year + 1, 1, 1) if end_month > 12 else date(year, end_month, 1)

    return Period(text, frequency, first, after - timedelta(days=1))


def is_valid_period(period: str, frequency: str | None = None) -> bool:
    """Tell whether `period` is a period (of the given frequency)."""
    parsed = parse_period(period)

    return parsed is not None and (frequency is None or parsed.frequency == frequency)


def is_month_period(period: str) -> bool:
    """Tell whether `period` is written as a month, "2024-11"."""
    return bool(MONTH_PATTERN.match(period or ""))


def period_label(period: str) -> str:
    """Show a period the way bulletins write it: "2024年11月", "2024年第4季度"."""
    parsed = parse_period(period)
    if parsed is None:
        return period
    year = parsed.first_day.year
    if parsed.frequency == "month":
        return str(_l("%(year)s年%(month)s月", year=year, month=parsed.first_day.month))
    if parsed.frequency == "quarter":
        return str(_l("%(year)s年第%(n)s季度", year=year, n=(parsed.first_day.month + 2) // 3))
    if parsed.frequency == "half":
        return str(
            _l("%(year)s年上半年", year=year)
            if parsed.first_day.month == 1
            else _l("%(year)s年下半年", year=year)
        )
    if parsed.frequency == "year":
        return str(_l("%(year)s年", year=year))

    day = parsed.first_day
    return str(_l("%(year)s年%(month)s月%(day)s日", year=day.year, month=day.month, day=day.day))


def short_label(period: str) -> str:
    """The period without its year, as a bulletin's sentence starts: "11月", "第4季度"."""
    parsed = parse_period(period)
    label = period_label(period)

    return label[5:] if parsed and parsed.frequency != "year" else label


def next_period(period: str) -> str | None:
    """The period after this one; a one-off survey has none."""
    parsed = parse_period(period)
    if parsed is None or parsed.frequency == "once":
        return None

    following = period_containing(parsed.last_day + timedelta(days=1), parsed.frequency)

    # Past 2099 there is no period: the same bound PERIOD_PATTERN keeps.
    return following if parse_period(following) else None


def previous_period(period: str) -> str | None:
    """The period before this one; a one-off survey has none."""
    parsed = parse_period(period)
    if parsed is None or parsed.frequency == "once":
        return None

    preceding = period_containing(parsed.first_day - timedelta(days=1), parsed.frequency)

    return preceding if parse_period(preceding) else None


def period_containing(day: date, frequency: str) -> str:
    """The period of a frequency that contains a day."""
    if frequency == "month":
        return f"{day.year}-{day.month:02d}"
    if frequency == "quarter":
        return f"{day.year}-Q{(day.month + 2) // 3}"
    if frequency == "half":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if frequency == "year":
        return str(day.year)

    return day.isoformat()


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
    """Reports are due five days after their period ends (a month's on the 5th)."""
    return period_last_day(period) + timedelta(days=5)


def period_first_day(period: str) -> date:
    """The first day of a period."""
    return parse_period(period).first_day


def period_last_day(period: str) -> date:
    """The last day of a period."""
    return parse_period(period).last_day
