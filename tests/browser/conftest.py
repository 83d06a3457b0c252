"""Fixtures: the demo county on a live server, headless Chromium, signed-in pages."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.pages import PHONE, LiveDatabase, sign_in

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 90


class LiveServer:
    """A running app: its base URL and the SQLite file it writes."""

    def __init__(self, url: str, db_path: Path):
        self.url = url
        self.db = LiveDatabase(db_path)


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
def live_server(tmp_path_factory) -> LiveServer:
    """The demo county served from a fresh SQLite file by a server in a subprocess."""
    workdir = tmp_path_factory.mktemp("live_server")
    db_path = workdir / "tongbao.sqlite"
    port_file = workdir / "port"
    log_path = workdir / "server.log"
    env = {**os.environ, "TEST_DATABASE_URL": f"sqlite:///{db_path}", "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)

    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.browser.server", str(db_path), str(port_file)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            url = _wait_for_server(process, port_file, log_path)
            yield LiveServer(url, db_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_server(process: subprocess.Popen, port_file: Path, log_path: Path) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"the live server exited with {process.returncode}:\n{log[-3000:]}")
        if port_file.exists():
            url = f"http://127.0.0.1:{port_file.read_text().strip()}"
            try:
                with urllib.request.urlopen(url + "/login", timeout=5) as response:
                    if response.status == 200:
                        return url
            except (urllib.error.URLError, ConnectionError):
                pass
        time.sleep(0.1)

    log = log_path.read_text(encoding="utf-8", errors="replace")
    pytest.fail(f"the live server did not answer within {STARTUP_SECONDS} s:\n{log[-3000:]}")


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
