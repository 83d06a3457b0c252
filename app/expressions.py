"""Admin-written expressions (computed fields, rules, rollup columns), evaluated by simpleeval.

Numbers are `Decimal` throughout: literals are read from their source text, never through a
float. An expression that refers to an empty value yields None ("not computed") instead of
guessing, and so does a division by zero.
"""

import ast
import threading
from decimal import Decimal, DivisionByZero, InvalidOperation

from flask_babel import lazy_gettext as _l
from simpleeval import DEFAULT_OPERATORS, InvalidExpression, SimpleEval


class ExpressionError(ValueError):
    """An expression an admin wrote does not parse or uses something not allowed."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.offset = offset


class RosterColumns(dict):
    """A roster seen from a form-level expression: `windows.staff` is the list of staff."""


def _decimal_sum(values) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _count(values) -> int:
    return sum(1 for v in values if v not in (None, ""))


def _decimal_min(*args):
    values = args[0] if len(args) == 1 else args
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _decimal_max(*args):
    values = args[0] if len(args) == 1 else args
    present = [v for v in values if v is not None]
    return max(present) if present else None


FUNCTIONS = {
    "SUM": _decimal_sum,
    "COUNT": _count,
    "MIN": _decimal_min,
    "MAX": _decimal_max,
    "ABS": abs,
}

# Bit operations and powers have no use in statistics forms; leaving them out keeps
# expressions cheap to evaluate whatever an admin types.
_REFUSED_OPERATORS = (
    ast.Pow,
    ast.BitXor,
    ast.BitOr,
    ast.BitAnd,
    ast.Invert,
    ast.LShift,
    ast.RShift,
)
OPERATORS = {op: fn for op, fn in DEFAULT_OPERATORS.items() if op not in _REFUSED_OPERATORS}


class _DecimalEval(SimpleEval):
    """simpleeval with decimal literals and a fixed, small set of functions."""

    def __init__(self, names: dict):
        super().__init__(operators=OPERATORS, functions=FUNCTIONS, names=names)
        self.allowed_attrs = {RosterColumns: set()}
        for value in names.values():
            if isinstance(value, RosterColumns):
                self.allowed_attrs[RosterColumns] |= set(value)
        self.nodes[ast.Constant] = self._eval_decimal_constant

    def _eval_decimal_constant(self, node):
        if isinstance(node.value, float):
            source = ast.get_source_segment(self.expr, node) or repr(node.value)
            return Decimal(source)
        if isinstance(node.value, int) and not isinstance(node.value, bool):
            return Decimal(node.value)
        return self._eval_constant(node)


_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.Attribute,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)


def _check_allowed(tree: ast.Expression) -> None:
    """Refuse, when the expression is saved, anything beyond arithmetic, logic and FUNCTIONS."""
    for node in ast.walk(tree):
        offset = getattr(node, "col_offset", 0)
        if not isinstance(node, _ALLOWED_NODES) or isinstance(node, _REFUSED_OPERATORS):
            raise ExpressionError(str(_l("表达式只能包含数字、指标代码、运算符和可用函数")), offset)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                message = _l("不支持的函数，可用：%(names)s", names="、".join(FUNCTIONS))
                raise ExpressionError(str(message), offset)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ExpressionError(str(_l("指标代码不能以下划线开头")), offset)


class Expression:
    """A parsed expression with the names it refers to."""

    def __init__(self, source: str):
        self.source = source.strip()
        if not self.source:
            raise ExpressionError(str(_l("表达式不能为空")), 0)

        try:
            tree = ast.parse(self.source, mode="eval")
        except SyntaxError as error:
            # Python reports an expression cut short at offset 0; the problem is at its end.
            offset = (error.offset or 0) - 1
            if offset < 0 or offset >= len(self.source):
                raise ExpressionError(str(_l("表达式不完整，请补全")), len(self.source)) from None
            raise ExpressionError(str(_l("表达式写法有误")), offset) from None

        _check_allowed(tree)
        self.names = {
            node.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id not in FUNCTIONS
        }
        self._parsed = ast.Expr(value=tree.body)

    def evaluate(self, names: dict):
        """Evaluate with `names`; None when an operand is empty or a divisor is zero."""
        if any(names.get(name) is None for name in self.names):
            return None

        evaluator = self._evaluator_for(names)
        try:
            return evaluator.eval(self.source, previously_parsed=self._parsed)
        except (TypeError, DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None
        except InvalidExpression as error:
            raise ExpressionError(str(error)) from None

    def _evaluator_for(self, names: dict) -> _DecimalEval:
        """One evaluator per expression, reused: building one costs more than evaluating."""
        # Kept per thread: a threaded server may share a parsed definition between requests.
        local = self.__dict__.setdefault("_local", threading.local())
        evaluator = getattr(local, "evaluator", None)
        if evaluator is None:
            evaluator = local.evaluator = _DecimalEval(names)
            evaluator.expr = self.source
        evaluator.names = names
        evaluator.allowed_attrs = {RosterColumns: set()}
        for value in names.values():
            if isinstance(value, RosterColumns):
                evaluator.allowed_attrs[RosterColumns] |= set(value)

        return evaluator

    def check_names(self, known: set[str]) -> None:
        """Raise ExpressionError when the expression names a field the form does not have."""
        unknown = sorted(self.names - known)
        if unknown:
            position = self.source.find(unknown[0])
            message = _l("未知的指标代码：%(code)s", code=unknown[0])
            raise ExpressionError(str(message), position)
