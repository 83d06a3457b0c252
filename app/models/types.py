"""Column types and helpers shared by the models."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import Numeric, String
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime, the form every `..._at` column holds."""
    return datetime.now(UTC).replace(tzinfo=None)


class ExactDecimal(TypeDecorator):
    """A decimal that never passes through a float.

    PostgreSQL stores it as NUMERIC. SQLite has no exact numeric type, so there it is kept as
    canonical text; sums are then done in Python with `Decimal`, never with SQLite's REAL.
    """

    impl = String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(28, 8))
        return dialect.type_descriptor(String(40))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value)
        if dialect.name == "postgresql":
            return value
        return format(value.normalize(), "f")

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value)
        # NUMERIC(28, 8) pads with zeros; normalise so both engines return the same value,
        # without the exponent form that normalize() gives whole numbers such as 1E+2.
        if value == value.to_integral_value():
            return value.to_integral_value()
        return value.normalize()
