"""Fixtures: the demo county on a live server, headless Chromium, signed-in pages."""

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.live import LiveServer, serve_demo
from tests.browser.pages import PHONE, LiveDatabase, sign_in

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium; missing, the browser tests skip, or fail under CI=true."""
    path = shutil.which("chromium")
    if path is None:
        reason = "chromium is not installed (apt-get install chromium fonts-wqy-zenhei)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; the browser tests are required under CI=true", pytrace=False)
        pytest.skip(reason)

    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the session, launched from the system's binary."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The demo county served from a fresh SQLite file by a server in a subprocess."""
    with serve_demo(tmp_path_factory.mktemp("live_server")) as server:
        yield server


@pytest.fixture
def live_db(live_server) -> LiveDatabase:
    """The live server's database, for asserting what was stored."""
    return live_server.db


@pytest.fixture
def open_page(browser, live_server):
    """Open a page signed in as a demo account: `open_page("cadre_nanzhou")`, 360 px wide."""
    contexts = []
    server_errors: list[str] = []

    def note_error(response) -> None:
        if response.status >= 500:
            server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def _open(username: str, viewport: dict = PHONE):
        phone = viewport["width"] < 720
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("response", note_error)
        sign_in(page, username)

        return page

    yield _open

    for context in contexts:
        context.close()
    assert not server_errors, f"the server answered with errors: {server_errors}"
