"""Admin-written expressions: exact decimals, empty operands, and what is refused."""

from decimal import Decimal

import pytest

from app.expressions import Expression, ExpressionError, RosterColumns


def test_literals_are_exact_decimals():
    assert Expression("0.1 + 0.2").evaluate({}) == Decimal("0.3")


def test_average_is_exact_before_rounding():
    value = Expression("total_score / staff").evaluate(
        {"total_score": Decimal("2819.00"), "staff": Decimal(28)}
    )

    assert value.quantize(Decimal("0.00001")) == Decimal("100.67857")


def test_empty_operand_gives_no_value_instead_of_a_guess():
    assert Expression("a + b").evaluate({"a": Decimal(1), "b": None}) is None


def test_division_by_zero_gives_no_value():
    assert Expression("a / b").evaluate({"a": Decimal(1), "b": Decimal(0)}) is None


def test_roster_columns_sum_in_form_rules():
    names = {"windows": RosterColumns(staff=[Decimal(1), None, Decimal(27)])}

    assert Expression("SUM(windows.staff)").evaluate(names) == 28


@pytest.mark.parametrize(
    "source",
    ["a.__class__", "__import__('os')", "a ** 99999999", "open('x')", "[x for x in a]"],
)
def test_unsafe_expressions_are_refused(source):
    with pytest.raises(ExpressionError):
        Expression(source).evaluate({"a": Decimal(2)})


def test_syntax_error_reports_its_position():
    with pytest.raises(ExpressionError) as error:
        Expression("visited <= * valid_orders")

    assert error.value.offset == 11


def test_unknown_names_are_reported_with_position():
    with pytest.raises(ExpressionError) as error:
        Expression("staf * 110").check_names({"staff"})

    assert "staf" in str(error.value)
    assert error.value.offset == 0


def test_huge_products_are_not_computed_instead_of_failing():
    big = Decimal("99999999999999")

    assert Expression("x * 1e999999").evaluate({"x": Decimal(10)}) is None
    assert Expression("x * y").evaluate({"x": big, "y": big}) == big * big


@pytest.mark.parametrize("source", ["-" * 600 + "x", "-(" * 45 + "x" + ")" * 45])
def test_overlong_or_deep_expressions_are_refused(source):
    with pytest.raises(ExpressionError):
        Expression(source)
