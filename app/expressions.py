"""Admin-written expressions (computed fields, rules, rollup columns), evaluated by simpleeval.

Numbers are `Decimal` throughout: literals are read from their source text, never through a
float. An expression that refers to an empty value yields None ("not computed") instead of
guessing, and so does a division by zero.
"""

import ast
import threading
from decimal import Decimal, DecimalException

from flask_babel import lazy_gettext as _l
from simpleeval import DEFAULT_OPERATORS, InvalidExpression, SimpleEval


class ExpressionError(ValueError):
    """An expression an admin wrote does not parse or uses something not allowed."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.offset = offset


class RosterColumns:
    """Values reached with a dot: a roster's columns (`windows.staff`, a list of staff) or
    last period's approved values (`prev.valid_orders`).

    A name the form defines but this object lacks reads as empty; names the form does not
    define are refused when the expression is saved.
    """

    def __init__(self, values: dict | None = None, **more):
        self._values = {**(values or {}), **more}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._values.get(name)


# TOTAL("template_code", "field_code"): the sum of a field over the units' approved reports
# of another template for the same period (表间审核). Its value is supplied per evaluation.
CROSS_TEMPLATE_FUNCTION = "TOTAL"


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
            if _total_reference(node) is not None:
                continue
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                names = "、".join([*FUNCTIONS, CROSS_TEMPLATE_FUNCTION])
                message = _l("不支持的函数，可用：%(names)s", names=names)
                raise ExpressionError(str(message), offset)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ExpressionError(str(_l("指标代码不能以下划线开头")), offset)


def _total_reference(node: ast.Call) -> tuple[str, str] | None:
    """The (template, field) of a TOTAL("template", "field") call, or None."""
    if not (isinstance(node.func, ast.Name) and node.func.id == CROSS_TEMPLATE_FUNCTION):
        return None
    args = node.args
    if len(args) != 2 or node.keywords:
        raise ExpressionError(
            str(_l('TOTAL 的写法是 TOTAL("报表代码", "指标代码")')), node.col_offset
        )
    if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
        raise ExpressionError(str(_l("TOTAL 的报表代码和指标代码要加引号")), node.col_offset)

    return args[0].value, args[1].value


_OPERATOR_NAMES = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Mod: "%",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.And: "and",
    ast.Or: "or",
    ast.Not: "not",
    ast.USub: "neg",
    ast.UAdd: "pos",
    ast.In: "in",
    ast.NotIn: "not in",
}


def _tree(node) -> dict:
    """One node as plain data; only what skip logic needs in the browser."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, float | int) and not isinstance(value, bool):
            # As text: JSON has no Infinity, and the browser compares numbers it parses.
            return {"k": "const", "v": str(value)}
        return {"k": "const", "v": value if isinstance(value, str | bool) else None}
    if isinstance(node, ast.Name):
        return {"k": "name", "id": node.id}
    if isinstance(node, ast.BinOp):
        return {
            "k": "bin",
            "op": _OPERATOR_NAMES.get(type(node.op)),
            "l": _tree(node.left),
            "r": _tree(node.right),
        }
    if isinstance(node, ast.UnaryOp):
        return {"k": "unary", "op": _OPERATOR_NAMES.get(type(node.op)), "v": _tree(node.operand)}
    if isinstance(node, ast.BoolOp):
        return {
            "k": "bool",
            "op": _OPERATOR_NAMES[type(node.op)],
            "vs": [_tree(v) for v in node.values],
        }
    if isinstance(node, ast.Compare):
        return {
            "k": "cmp",
            "ops": [_OPERATOR_NAMES.get(type(o)) for o in node.ops],
            "l": _tree(node.left),
            "rs": [_tree(c) for c in node.comparators],
        }

    # Anything else (functions, rosters, last period) is left to the server's judgement.
    return {"k": "unknown"}


# Admin-written formulas are short; the bounds keep parsing and evaluating them cheap and
# far from Python's recursion limit, in the server and in the browser's evaluator.
MAX_LENGTH = 500
MAX_DEPTH = 40


def _depth(node, level: int = 0) -> int:
    children = list(ast.iter_child_nodes(node))
    if level > MAX_DEPTH or not children:
        return level

    return max(_depth(child, level + 1) for child in children)


class Expression:
    """A parsed expression with the names it refers to."""

    def __init__(self, source: str):
        self.source = source.strip() if isinstance(source, str) else ""
        if not self.source:
            raise ExpressionError(str(_l("表达式不能为空")), 0)
        if len(self.source) > MAX_LENGTH:
            message = _l("表达式过长，请控制在%(n)s个字符以内", n=MAX_LENGTH)
            raise ExpressionError(str(message), MAX_LENGTH)

        try:
            tree = ast.parse(self.source, mode="eval")
        except RecursionError:
            raise ExpressionError(str(_l("表达式嵌套过深，请拆成几个计算项")), 0) from None
        except SyntaxError as error:
            # Python reports an expression cut short at offset 0; the problem is at its end.
            offset = (error.offset or 0) - 1
            if offset < 0 or offset >= len(self.source):
                raise ExpressionError(str(_l("表达式不完整，请补全")), len(self.source)) from None
            raise ExpressionError(str(_l("表达式写法有误")), offset) from None

        if _depth(tree) > MAX_DEPTH:
            raise ExpressionError(str(_l("表达式嵌套过深，请拆成几个计算项")), 0)
        _check_allowed(tree)
        nodes = list(ast.walk(tree))
        calls = [n for n in nodes if isinstance(n, ast.Call)]
        self.total_refs = {ref for ref in map(_total_reference, calls) if ref is not None}
        self.names = {
            node.id
            for node in nodes
            if isinstance(node, ast.Name)
            and node.id not in FUNCTIONS
            and node.id != CROSS_TEMPLATE_FUNCTION
        }
        self.attributes = {
            (node.value.id, node.attr)
            for node in nodes
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        }
        self._parsed = ast.Expr(value=tree.body)

    def evaluate(self, names: dict, totals: dict | None = None):
        """Evaluate with `names` (and TOTAL's values); None when an operand is empty."""
        if any(names.get(name) is None for name in self.names):
            return None
        totals = totals or {}
        if any(totals.get(ref) is None for ref in self.total_refs):
            return None

        evaluator = self._evaluator_for(names)
        evaluator.functions = {**FUNCTIONS, CROSS_TEMPLATE_FUNCTION: lambda t, f: totals[(t, f)]}
        try:
            return evaluator.eval(self.source, previously_parsed=self._parsed)
        except (TypeError, DecimalException, ZeroDivisionError, OverflowError):
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

        return evaluator

    @property
    def is_condition(self) -> bool:
        """Whether the expression is a yes/no condition, as a rule or skip logic must be."""
        top = self._parsed.value
        if isinstance(top, ast.UnaryOp):
            return isinstance(top.op, ast.Not)

        return isinstance(top, ast.Compare | ast.BoolOp)

    def to_tree(self) -> dict:
        """The expression as plain data, for the browser's small evaluator (app/static/js)."""
        return _tree(self._parsed.value)

    def check_names(self, known: set[str], dotted: dict[str, set[str]] | None = None) -> None:
        """Raise ExpressionError when the expression names a field the form does not have.

        `dotted` lists what may follow a dot: a roster's columns, `prev`'s fields.
        """
        unknown = sorted(self.names - known)
        dotted = dotted or {}
        unknown += sorted(
            f"{name}.{attr}"
            for name, attr in self.attributes
            if name in dotted and attr not in dotted[name]
        )
        if unknown:
            position = self.source.find(unknown[0])
            message = _l("未知的指标代码：%(code)s", code=unknown[0])
            raise ExpressionError(str(message), position)
