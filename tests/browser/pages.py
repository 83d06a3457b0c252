"""What a user does in the browser, step by step, shared by the browser tests."""

import re
import sqlite3
from contextlib import closing
from pathlib import Path

from playwright.sync_api import Page, expect

from app.demo.loader import DEMO_PASSWORD
from app.periods import default_due_on

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
HOTLINE_FIELDS = (
    "valid_orders",
    "on_time",
    "visited",
    "satisfied",
    "dissatisfied",
    "very_dissatisfied",
)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

_WIDTH_PROBE = """(width) => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${
      Math.round(e.getBoundingClientRect().right)}`);
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


def sign_in(page: Page, username: str) -> None:
    """Sign in through the login page as a demo account."""
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/login"))
    expect(page.locator(".topbar .who")).to_be_visible()


def issue_task(page: Page, template_name: str, period: str) -> tuple[int, str, list[str]]:
    """Issue a template for a period from the manager's home, keeping the suggested units.

    Returns the new task's id, its due date as shown in the form, and the checked units.
    """
    page.goto("/")
    card = (
        page.locator(".card")
        .filter(
            has=page.get_by_text(template_name, exact=True),
        )
        .filter(has=page.get_by_role("link", name="下发任务"))
    )
    card.get_by_role("link", name="下发任务").click()
    expect(page).to_have_url(re.compile(r"/tasks/new"))
    expect(page.locator("#template_id option:checked")).to_have_text(template_name)

    # The form suggests the month after the latest task and that month's deadline; a test
    # asking for another month sets the deadline as the manager would, by hand.
    if page.locator("#period").input_value() != period:
        page.locator("#period").fill(period)
        page.locator("#due_on").fill(default_due_on(period).isoformat())
    due_on = page.locator("#due_on").input_value()
    units = page.locator(".checklist li").filter(has=page.locator("input:checked"))
    unit_names = [name.strip() for name in units.all_inner_texts()]

    page.get_by_role("button", name="下发", exact=True).click()
    expect(page).to_have_url(re.compile(r"/tasks/\d+$"))
    expect(page.locator(".flash-ok")).to_contain_text("已下发")
    task_id = int(page.url.rsplit("/", 1)[1])

    return task_id, due_on, unit_names


def open_task_card(page: Page, title: str):
    """Go to the cadre's home and return the card of the task with this title."""
    page.goto("/")
    card = page.locator(".task-card").filter(has=page.get_by_text(title, exact=True))
    expect(card).to_have_count(1)

    return card


def hotline_input(page: Page, field: str):
    """The input of one field of the hotline orders form."""
    return page.locator(f'input[name="f-orders-{field}"]')


def hotline_values(*counts: str) -> dict[str, str]:
    """The hotline fields paired, in form order, with the counts a cadre types."""
    return dict(zip(HOTLINE_FIELDS, counts, strict=True))


def fill_hotline(page: Page, values: dict[str, str]) -> None:
    """Type the hotline counts, field by field, over whatever the form opened with."""
    for field, value in values.items():
        hotline_input(page, field).fill(value)


def tap_button(page: Page, name: str) -> None:
    """Tap a button with a finger, as on a phone."""
    page.get_by_role("button", name=name, exact=True).tap()


def assert_fits_width(page: Page, width: int = PHONE["width"]) -> None:
    """The page scrolls only vertically: nothing is wider than the screen."""
    probe = page.evaluate(_WIDTH_PROBE, width)
    assert probe["clientWidth"] == width, probe
    assert probe["scrollWidth"] <= width, f"{page.url} is wider than {width} px: {probe}"


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot into docs/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    # A full-page capture would freeze the sticky action bar over the middle of the form;
    # show it where it sits in the page flow instead, at the end of the form.
    style = page.add_style_tag(content=".sticky { position: static !important; }")
    page.screenshot(path=str(path), full_page=True)
    style.evaluate("element => element.remove()")

    return path


class LiveDatabase:
    """The live server's SQLite file, read directly to see what the app stored."""

    def __init__(self, path: Path):
        self.path = path

    def rows(self, sql: str, params: tuple = ()) -> list[dict]:
        """Run a query and return its rows as dicts."""
        with closing(sqlite3.connect(self.path, timeout=10)) as connection:
            connection.row_factory = sqlite3.Row
            return [dict(row) for row in connection.execute(sql, params)]

    def submissions(self, task_id: int, unit_name: str | None = None) -> list[dict]:
        """A task's submissions, optionally of one unit only."""
        sql = (
            "SELECT s.*, u.name AS unit_name FROM submission s"
            " JOIN unit u ON u.id = s.unit_id WHERE s.task_id = ?"
        )
        params: tuple = (task_id,)
        if unit_name is not None:
            sql += " AND u.name = ?"
            params += (unit_name,)

        return self.rows(sql, params)

    def values(self, submission_id: int, section: str) -> dict[str, dict[str, str | None]]:
        """A submission's stored values of a section, by row key then field."""
        found: dict[str, dict[str, str | None]] = {}
        for row in self.rows(
            "SELECT row_key, field_code, num, txt FROM submission_value"
            " WHERE submission_id = ? AND section = ? ORDER BY row_order",
            (submission_id, section),
        ):
            found.setdefault(row["row_key"], {})[row["field_code"]] = (
                row["num"] if row["num"] is not None else row["txt"]
            )

        return found

    def explanations(self, submission_id: int) -> dict[str, str]:
        """A submission's 核实 explanations keyed "rule:row" as the form names them."""
        return {
            f"{row['rule_code']}:{row['row_key']}": row["text"]
            for row in self.rows(
                "SELECT rule_code, row_key, text FROM rule_explanation WHERE submission_id = ?",
                (submission_id,),
            )
        }

    def task(self, task_id: int) -> dict:
        """A task's row with its template code and number of assigned units."""
        (task,) = self.rows(
            "SELECT t.*, rt.code AS template_code,"
            " (SELECT COUNT(*) FROM task_unit tu WHERE tu.task_id = t.id) AS unit_count"
            " FROM task t JOIN report_template rt ON rt.id = t.template_id WHERE t.id = ?",
            (task_id,),
        )

        return task
