"""Configuration classes, one per environment, read from the environment."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)

    # Hosted PostgreSQL often hands out postgres:// URLs; SQLAlchemy wants the driver named.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]

    return url


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'tongbao.sqlite'}")
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


class DevelopmentConfig(Config):
    """Local development: SQLite in instance/, debug pages."""

    DEBUG = True


class TestingConfig(Config):
    """The test suite: a throwaway database, CSRF kept on as in production."""

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
