"""Fixtures: an app on a fresh database per test, a client, and signing in."""

import re

import pytest
from flask import g, request_started

from app import create_app
from app.demo.loader import DEMO_PASSWORD, load_demo
from app.extensions import db as _db
from app.models import User
from tests.html_form import read_form


def _forget_signed_in_user(_sender, **_extra):
    # The test holds an app context open, which Flask reuses for each request, so `g`
    # would carry one request's signed-in user and CSRF token into the next request.
    for name in list(g):
        g.pop(name)


@pytest.fixture
def app():
    """The app on an empty schema (SQLite in memory, or TEST_DATABASE_URL)."""
    app = create_app("testing")
    request_started.connect(_forget_signed_in_user, app)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        # Each test builds its own app and engine: close its pooled connections now.
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def demo(app):
    """The whole demo county with its approved October and November history."""
    load_demo()
    return app


@pytest.fixture
def october_only(app):
    """The demo county with only October's window table approved, and no hotline data."""
    load_demo(window_periods=("2024-10",), hotline=False)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


class Session:
    """A signed-in browser session: get pages and post forms with their CSRF token."""

    def __init__(self, client, username: str):
        self.client = client
        self.username = username
        self.user = _db.session.scalars(_db.select(User).filter_by(username=username)).one()

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url, data, **kwargs):
        return self.client.post(url, data=data, **kwargs)

    def token(self) -> str:
        page = self.client.get("/").get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def open_form(self, url, form_index: int = -1):
        """GET a page and read its form as a browser would submit it."""
        response = self.client.get(url)
        assert response.status_code == 200, response.status_code
        return read_form(response.get_data(as_text=True), form_index)


def sign_in(client, username: str) -> Session:
    """Sign in through the login page and return the session."""
    form = read_form(client.get("/login").get_data(as_text=True))
    form.set("username", username)
    form.set("password", DEMO_PASSWORD)
    response = client.post("/login", data=form.items())
    assert response.status_code == 302, "sign-in failed for " + username

    return Session(client, username)


@pytest.fixture
def login(app):
    """Sign in as a demo account in a fresh client: `login("cadre_zwzx")`."""

    def _login(username: str) -> Session:
        return sign_in(app.test_client(), username)

    return _login
