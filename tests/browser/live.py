"""Starting and stopping the demo county on a live server for the browser tests."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.pages import LiveDatabase

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 90


class LiveServer:
    """A running app: its base URL and the SQLite file it writes."""

    def __init__(self, url: str, db_path: Path):
        self.url = url
        self.db = LiveDatabase(db_path)


@contextmanager
def serve_demo(workdir: Path) -> Iterator[LiveServer]:
    """Serve a fresh demo county from a SQLite file in `workdir` until the block ends."""
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
