"""Configuration classes, one per environment, read from the environment."""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _database_url(url: str) -> str:
    """Name the driver in a PostgreSQL URL; other URLs pass unchanged."""
    # Hosted PostgreSQL often hands out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]

    return url


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'tongbao.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    PASSWORD_HASH_METHOD = "scrypt"
    # A DingTalk or WeCom group robot for reminders; ROBOT_SECRET signs DingTalk requests.
    ROBOT_WEBHOOK_URL = os.environ.get("ROBOT_WEBHOOK_URL")
    ROBOT_SECRET = os.environ.get("ROBOT_SECRET")


class DevelopmentConfig(Config):
    """Local development: SQLite in instance/, debug pages, a key kept in instance/."""

    DEBUG = True

    @classmethod
    def check(cls) -> None:
        # A key known to everyone would let anyone forge a session cookie, even on a
        # laptop: make one per installation and keep it beside the database.
        if not cls.SECRET_KEY:
            INSTANCE_DIR.mkdir(exist_ok=True)
            key_file = INSTANCE_DIR / "secret_key"
            if not key_file.exists():
                key_file.write_text(secrets.token_hex(32))
                key_file.chmod(0o600)
            cls.SECRET_KEY = key_file.read_text().strip()


class TestingConfig(Config):
    """The test suite: a throwaway database, CSRF kept on as in production.

    It never reads DATABASE_URL, so tests cannot drop the tables of a real database.
    """

    TESTING = True
    SECRET_KEY = "testing"
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("TEST_DATABASE_URL") or "sqlite://")
    LOG_LEVEL = "WARNING"
    # Hashing demo passwords with the production cost would dominate the suite's time.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


class ProductionConfig(Config):
    """Production behind gunicorn: refuses to start without a real secret key."""

    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"

    @classmethod
    def check(cls) -> None:
        if not os.environ.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in production")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
