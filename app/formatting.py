"""Rounding and number display, in one place: half-up (四舍五入), once, when shown."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Places a value is kept at when shown or exported; a percent is a fraction, so 4 places
# of 0.9272 show as 92.72%.
FORMAT_PLACES = {"integer": 0, "decimal2": 2, "percent": 4}


def quantize(value: Decimal | None, places: int) -> Decimal | None:
    """Round half-up (四舍五入) to `places`; the one place rounding happens."""
    if value is None:
        return None

    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        # More digits than a decimal context holds: show the value as it is.
        return value


def format_value(value, fmt: str) -> str:
    """Show a rollup value as the table prints it."""
    if value is None:
        return ""
    if fmt == "text" or not isinstance(value, Decimal | int):
        return str(value)
    if fmt == "percent":
        return f"{quantize(Decimal(value) * 100, 2)}%"

    return str(quantize(Decimal(value), FORMAT_PLACES.get(fmt, 2)))
