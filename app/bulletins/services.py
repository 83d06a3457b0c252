"""Rendering a bulletin section (简报) from rollups, in Jinja's sandbox.

A bulletin template is written by a manager, so it runs in `SandboxedEnvironment` with only
the helpers below: it can read rollups of the same period and format numbers, nothing else.
When two sources give one quantity differently, `consistent()` records it, the page shows it
to the editor, and the template can word the sentence so the two totals are never printed
as if both were true.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from jinja2 import ChainableUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from app.formatting import format_value
from app.models import BulletinTemplate
from app.periods import period_label, short_label
from app.report_templates.services import get_template_by_code
from app.rollups.services import compute_rollup


@dataclass
class Discrepancy:
    """One quantity that two sources give differently."""

    label_a: str
    value_a: Decimal
    label_b: str
    value_b: Decimal

    @property
    def difference(self) -> Decimal:
        return abs(self.value_a - self.value_b)


@dataclass
class Place:
    """A place in a "top N" list: its rank, value, and every unit tied at it."""

    rank: int
    value: Decimal
    names: list[str]


@dataclass
class RenderedBulletin:
    """A bulletin section for a period: paragraphs, problems found, and rollups it used."""

    title: str
    period: str
    paragraphs: list[str] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    rollups: list = field(default_factory=list)
    # Rollups with no approved data this period: their numbers cannot be printed yet.
    empty_sources: list[str] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)
    error: str | None = None


def top(rows: list[dict], column: str, n: int = 5, label: str = "unit") -> list[Place]:
    """The rows with the n largest values; rows tied with the n-th are all included."""
    ranked = sorted(
        (r for r in rows if isinstance(r.get(column), Decimal)),
        key=lambda r: r[column],
        reverse=True,
    )
    if not ranked:
        return []

    cutoff = ranked[min(n, len(ranked)) - 1][column]
    chosen = [r for r in ranked if r[column] >= cutoff]
    places = []
    for value, group in groupby(chosen, key=lambda r: r[column]):
        better = sum(1 for r in ranked if r[column] > value)
        places.append(Place(better + 1, value, [r[label] for r in group]))

    return places


def _present(value) -> Decimal | None:
    """A number, or None for a missing one (None, or Jinja's Undefined from a missing total)."""
    return value if isinstance(value, Decimal | int) else None


def number(value) -> str:
    """A count as bulletins print it; a dash where there is no data."""
    value = _present(value)

    return "—" if value is None else format_value(value, "integer")


def percent(value) -> str:
    """A share as bulletins print it, half-up: 60.19%; a dash where there is no data."""
    value = _present(value)

    return "—" if value is None else format_value(value, "percent")


def join_names(names: list[str]) -> str:
    """Join names the Chinese way: 人社局、教育局."""
    return "、".join(names)


def _plain(result) -> dict:
    """What a bulletin template may see of a rollup: titles, names and numbers only."""
    return {
        "title": result.title,
        "rows": [dict(row) for row in result.rows],
        "total": dict(result.total or {}),
        "covered_units": list(result.covered_units),
        "missing_units": list(result.missing_units),
    }


def render_bulletin(bulletin: BulletinTemplate, period: str) -> RenderedBulletin:
    """Render a bulletin section for a period from live, approved data."""
    rendered = RenderedBulletin(bulletin.title, period)

    def rollup(template_code: str, rollup_code: str) -> dict:
        # A bulletin reads only its own department's templates, and gets plain values,
        # never database objects that could reach other records.
        template = get_template_by_code(template_code)
        if template is None or template.owner_unit_id != bulletin.owner_unit_id:
            raise TemplateError(f"template {template_code} is not the bulletin owner's")
        try:
            result = compute_rollup(template, rollup_code, period, "approved")
        except LookupError:
            raise TemplateError(f"no rollup {rollup_code} in {template_code}") from None
        rendered.rollups.append(result)
        rendered.missing_units += result.missing_units
        if not result.rows or not result.covered_units:
            rendered.empty_sources.append(result.title)
        return _plain(result)

    def consistent(label_a: str, value_a, label_b: str, value_b) -> bool:
        value_a, value_b = _present(value_a), _present(value_b)
        if value_a is None or value_b is None or value_a == value_b:
            return True
        rendered.discrepancies.append(Discrepancy(label_a, value_a, label_b, value_b))
        return False

    # ChainableUndefined lets `cats.total.orders` be merely missing when a period has no data.
    environment = SandboxedEnvironment(autoescape=True, undefined=ChainableUndefined)
    context = {
        "period": period,
        "period_label": period_label(period),
        "month": short_label(period),
        "rollup": rollup,
        "consistent": consistent,
        "top": top,
        "num": number,
        "pct": percent,
        "names": join_names,
    }
    try:
        text = environment.from_string(bulletin.body).render(context)
    except (TemplateError, TypeError, ArithmeticError) as error:
        rendered.error = str(error)
        return rendered

    rendered.paragraphs = [
        Markup(" ".join(part.split())) for part in text.split("\n\n") if part.strip()
    ]

    return rendered
