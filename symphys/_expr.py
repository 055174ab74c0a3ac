"""Internal: parse untrusted text into a sympy expression, never evaluating it as Python.

Contract (internal to symphys; the names below are public within the package): every string
that reaches the library or the command line from a user and stands for a formula goes
through :func:`parse_expression`. The text is parsed with ``ast.parse(text, mode="eval")``
and the sympy expression is built by walking a whitelist of syntax nodes; nothing is passed to
``eval``, ``exec`` or ``sympy.sympify``/``parse_expr`` (which use ``eval``). Anything outside
the grammar below is refused with a :class:`ValueError` that names the offending token and its
position (0-based character offset in ``text``); a ``text`` that is not a ``str`` is a
:class:`TypeError`.

Grammar (Python's expression syntax, restricted)::

    expr    := expr ("+" | "-" | "*" | "/" | "**") expr | ("-" | "+") expr | "(" expr ")"
             | NUMBER | NAME | NAME "(" expr ("," expr)* ")"
    NUMBER  := a decimal int or float literal (no complex ``1j``, no strings, no booleans)
    NAME    := a key of ``symbols``, or one of the constants ``pi``, ``E``, ``I``
               (a key of ``symbols`` takes precedence); a name in call position must be
               one of :data:`FUNCTIONS` or a key of ``functions``

No attribute access (``x.y``), subscripts (``x[0]``), keyword arguments, ``*args``, lambdas,
comprehensions, conditionals, comparisons, strings or f-strings, walrus (``:=``), ``%``,
``//``, ``^`` (write ``**``) or bitwise operators. No name starting with ``_`` is accepted,
even as a key of ``symbols``/``functions``. The text must be printable ASCII (plus spaces,
tabs and newlines): this refuses look-alike characters (``ｅｖａｌ`` is normalised to ``eval``
by Python's parser) at the first non-ASCII character.

Resource limits (module constants, deterministic; refused *before* the work):

- ``len(text) <= max_length`` (default :data:`MAX_LENGTH`);
- nesting depth (parentheses, unary operators, calls, powers) <= :data:`MAX_DEPTH`, checked on
  the text before it is parsed, then on the tree; long flat sums and products are fine;
- a number literal has at most :data:`MAX_LITERAL_DIGITS` digits and must be finite
  (``1e999999`` is refused);
- a power ``a**b`` whose exponent is a number needs ``|b| <= MAX_EXPONENT``; when the base is
  an exact rational too, the result may have at most :data:`MAX_DIGITS` decimal digits, which
  is estimated as ``|b| * log10(max(|p|, |q|))`` before the power is computed (``9**9**9``
  is refused in microseconds); every exact rational intermediate result is held to
  :data:`MAX_DIGITS` digits as well.

Values: the expression is built with sympy's usual automatic evaluation, so the result equals
``sympy.sympify(text, locals=symbols)`` for text in the grammar (``1/2`` is ``Rational(1, 2)``,
``0.1`` is ``Float('0.1')`` with the precision of its digits). A result that is or contains
``nan``, ``zoo`` or ``oo`` (from finite text, e.g. ``1/0``, ``log(0)``, ``tan(pi/2)``, ``0**-1``)
is a :class:`ValueError` naming the sub-expression.

>>> import sympy
>>> x = sympy.Symbol("x")
>>> parse_expression("2*x**2 + sin(x)/3", symbols={"x": x})
2*x**2 + sin(x)/3
>>> parse_expression("__import__('os')")
Traceback (most recent call last):
...
ValueError: expression: name '__import__' at position 0 is not allowed: names starting ...
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_LITERAL_DIGITS",
    "parse_expression",
]

#: default limit on ``len(text)``
MAX_LENGTH = 2000
#: deepest nesting of parentheses / operators / calls accepted
MAX_DEPTH = 100
#: most digits in one number literal
MAX_LITERAL_DIGITS = 100
#: most decimal digits of an exact rational result (numerator or denominator)
MAX_DIGITS = 10_000
#: largest ``|b|`` for a numeric exponent in ``a**b``
MAX_EXPONENT = 1000

#: the names of the constants always available (unless a key of ``symbols`` shadows them)
CONSTANTS = ("pi", "E", "I")
#: the functions always callable (unless a key of ``functions`` shadows them)
FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt", "sinh", "cosh", "tanh", "asin",
             "acos", "atan", "abs")

_ALLOWED_CONTROL = "\t\n\r "


def _position(text_lines: list[int], node: ast.AST) -> int:
    """0-based character offset of ``node`` (the text is ASCII: bytes are characters)."""
    lineno = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0)
    return text_lines[lineno - 1] + col


def _token(text: str, start: int, node: ast.AST) -> str:
    seg = ast.get_source_segment(text, node) if hasattr(node, "end_col_offset") else None
    if not seg:
        seg = text[start:start + 20]
    return seg if len(seg) <= 40 else seg[:37] + "..."


class _Builder:
    def __init__(self, text: str, symbols: Mapping[str, Any],
                 functions: Mapping[str, Callable[..., Any]], lead: int = 0):
        import sympy as sp

        self.sp = sp
        self.text = text
        starts, pos = [], lead  # ``lead``: the blanks stripped before ``text``
        for line in text.split("\n"):
            starts.append(pos)
            pos += len(line) + 1
        self.starts = starts
        consts = {"pi": sp.pi, "E": sp.E, "I": sp.I}
        self.names = {**consts, **dict(symbols)}
        funcs: dict[str, Callable[..., Any]] = {
            "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "log": sp.log,
            "sqrt": sp.sqrt, "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
            "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "abs": sp.Abs}
        funcs.update(functions)
        self.functions = funcs
        self.bad = (sp.nan, sp.zoo, sp.oo, -sp.oo)

    # -- errors ---------------------------------------------------------------------------
    def fail(self, node: ast.AST, what: str, rule: str) -> ValueError:
        pos = _position(self.starts, node)
        return ValueError(f"expression: {what} {_token(self.text, pos, node)!r} at position "
                          f"{pos} is not allowed: {rule}")

    # -- walking --------------------------------------------------------------------------
    def build(self, node: ast.AST, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, "sub-expression", f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return self.check(node, -self.build(node.operand, depth + 1))
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand, depth + 1)
            raise self.fail(node, "operator", "only + - * / ** and unary - + are allowed")
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        kind = {ast.Attribute: "attribute access", ast.Subscript: "subscript",
                ast.Lambda: "lambda", ast.NamedExpr: "assignment expression (:=)",
                ast.JoinedStr: "f-string", ast.Compare: "comparison",
                ast.BoolOp: "boolean operator", ast.IfExp: "conditional expression",
                ast.Starred: "starred argument"}.get(type(node), "syntax")
        raise self.fail(node, kind, "the grammar has numbers, names, + - * / **, "
                        "parentheses and calls of whitelisted functions only")

    def number(self, node: ast.Constant) -> Any:
        sp, value = self.sp, node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            rule = ("complex literals are refused: write I, e.g. 2*I"
                    if isinstance(value, complex) else "only int and float literals are allowed")
            raise self.fail(node, "literal", rule)
        seg = ast.get_source_segment(self.text, node) or repr(value)
        digits = sum(c.isdigit() for c in seg)
        if digits > MAX_LITERAL_DIGITS:
            raise self.fail(node, "number", f"more than {MAX_LITERAL_DIGITS} digits")
        if isinstance(value, int):
            return sp.Integer(value)
        if not math.isfinite(value):
            raise self.fail(node, "number", "it is not finite as a float (|x| < 1.8e308)")
        clean = seg.replace("_", "")
        try:
            return sp.Float(clean)
        except (ValueError, TypeError):  # pragma: no cover - python's float syntax is sympy's
            return sp.Float(value)

    def name(self, node: ast.Name) -> Any:
        ident = node.id
        if ident.startswith("_"):
            raise self.fail(node, "name", "names starting with '_' are refused")
        if ident in self.names:
            return self.names[ident]
        if ident in self.functions:
            raise self.fail(node, "name", f"{ident} is a function: call it, e.g. {ident}(x)")
        known = sorted(self.names)
        raise self.fail(node, "name", f"unknown name; the known names are {known} and the "
                        f"functions {sorted(self.functions)}")

    def binop(self, node: ast.BinOp, depth: int) -> Any:
        op = type(node.op)
        if op is ast.Pow:
            base = self.build(node.left, depth + 1)
            expo = self.build(node.right, depth + 1)
            self.check_power(node, base, expo)
            return self.check(node, base ** expo)
        if op not in (ast.Add, ast.Sub, ast.Mult, ast.Div):
            hint = " (write ** for a power)" if op is ast.BitXor else ""
            raise self.fail(node, "operator", f"only + - * / ** and unary - + are allowed{hint}")
        # a left-leaning chain a + b - c + ... (or * /): walk it without recursion, so that a
        # long flat sum is not mistaken for deep nesting
        chain: list[tuple[type, ast.BinOp]] = []
        left: ast.AST = node
        while (isinstance(left, ast.BinOp) and type(left.op) in (ast.Add, ast.Sub, ast.Mult,
                                                                  ast.Div)):
            chain.append((type(left.op), left))
            left = left.left
        acc = self.build(left, depth + 1)
        for op_t, sub in reversed(chain):
            right = self.build(sub.right, depth + 1)
            if op_t is ast.Add:
                acc = acc + right
            elif op_t is ast.Sub:
                acc = acc - right
            elif op_t is ast.Mult:
                acc = acc * right
            else:
                acc = acc / right
            acc = self.check(sub, acc)
        return acc

    def check_power(self, node: ast.BinOp, base: Any, expo: Any) -> None:
        sp = self.sp
        if not (isinstance(expo, sp.Basic) and expo.is_number):
            return
        try:
            mag = abs(complex(expo.evalf(15)))
        except (TypeError, ValueError):
            return
        if not mag <= MAX_EXPONENT:  # also catches nan
            raise self.fail(node, "power", f"the exponent's magnitude {float(mag):.3g} exceeds "
                            f"{MAX_EXPONENT}")
        if isinstance(base, sp.Rational):
            size = max(abs(int(base.p)), abs(int(base.q)), 2)
            digits = mag * size.bit_length() * math.log10(2)
            if digits > MAX_DIGITS:
                raise self.fail(node, "power", f"the result would have about {digits:.3g} "
                                f"digits; the limit is {MAX_DIGITS}")

    def call(self, node: ast.Call, depth: int) -> Any:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node.func, "call of", "only whitelisted functions may be called "
                            "by name")
        ident = node.func.id
        if ident.startswith("_"):
            raise self.fail(node.func, "name", "names starting with '_' are refused")
        if ident not in self.functions:
            raise self.fail(node.func, "function", f"unknown function; the functions are "
                            f"{sorted(self.functions)}")
        if node.keywords:
            raise self.fail(node.keywords[0], "keyword argument", "calls take positional "
                            "arguments only")
        if not node.args:
            raise self.fail(node, "call", "a function needs at least one argument")
        args = [self.build(a, depth + 1) for a in node.args]
        try:
            result = self.functions[ident](*args)
        except TypeError as exc:
            raise self.fail(node, "call", f"wrong arguments for {ident}: {exc}") from None
        if not isinstance(result, self.sp.Basic):
            result = self.sp.sympify(result, strict=True)
        return self.check(node, result)

    def check(self, node: ast.AST, value: Any) -> Any:
        sp = self.sp
        if isinstance(value, sp.Rational) and max(abs(int(value.p)), int(value.q)).bit_length() \
                > MAX_DIGITS * math.log2(10):
            raise self.fail(node, "sub-expression", f"its exact value has more than "
                            f"{MAX_DIGITS} digits")
        if isinstance(value, sp.Basic) and (value in self.bad or value.has(*self.bad)):
            kind = "undefined" if value.has(sp.nan) else "infinite"
            raise self.fail(node, "sub-expression", f"its value is {kind} (not a finite "
                            "value)")
        return value


def _prescan(text: str, max_length: int) -> None:
    """Length, character set and nesting depth, on the raw text, before ``ast.parse``."""
    if len(text) > max_length:
        raise ValueError(f"expression: {len(text)} characters is longer than the limit "
                         f"max_length={max_length}")
    depth = 0
    for i, ch in enumerate(text):
        if not (" " <= ch <= "~" or ch in _ALLOWED_CONTROL):
            raise ValueError(f"expression: character {ch!r} (U+{ord(ch):04X}) at position {i} "
                             "is not allowed: the text must be printable ASCII")
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ValueError(f"expression: {ch!r} at position {i} is not allowed: "
                                 f"nesting deeper than {MAX_DEPTH} levels")
        elif ch in ")]}":
            depth -= 1
    if not text.strip():
        raise ValueError("expression: the text is empty")
    # the walker's recursion also sees unary chains such as ------1 and powers a**b**c...
    runs = 0
    for ch in text:
        if ch in "-+~":
            runs += 1
            if runs > MAX_DEPTH:
                raise ValueError(f"expression: more than {MAX_DEPTH} unary operators in a row "
                                 "are not allowed")
        elif ch not in _ALLOWED_CONTROL:
            runs = 0
    if text.count("**") > MAX_DEPTH:
        raise ValueError(f"expression: more than {MAX_DEPTH} powers ('**') are not allowed")


def parse_expression(text: str, *, symbols: Mapping[str, Any] | None = None,
                     functions: Mapping[str, Callable[..., Any]] | None = None,
                     max_length: int = MAX_LENGTH) -> Any:
    """The sympy expression written in ``text``, parsed by a restricted grammar.

    Parameters
    ----------
    text : str
        The formula, e.g. ``"1 + sin(phi)/2"``. Untrusted: it is never evaluated as Python.
    symbols : Mapping[str, sympy.Basic], optional
        The names it may use (besides the constants ``pi``, ``E``, ``I``, which a key here
        shadows).
    functions : Mapping[str, callable], optional
        Functions it may call besides :data:`FUNCTIONS` (a key here shadows one of those);
        called with positional sympy arguments.
    max_length : int, optional
        Longest text accepted (default :data:`MAX_LENGTH`).

    Returns
    -------
    sympy.Basic
        The expression, evaluated as sympy does (``"1/2"`` gives ``Rational(1, 2)``).

    Raises
    ------
    TypeError
        ``text`` is not a ``str``, or a name in ``symbols``/``functions`` is not a ``str``.
    ValueError
        Anything outside the grammar or the limits (see the module docstring), naming the
        token and its position; a result that is not finite (``nan``, ``zoo``, ``oo``).

    Examples
    --------
    >>> import sympy
    >>> phi = sympy.Symbol("phi")
    >>> parse_expression("cos(2*phi)/4 + 1/2", symbols={"phi": phi})
    cos(2*phi)/4 + 1/2
    >>> parse_expression("1/0")
    Traceback (most recent call last):
    ...
    ValueError: expression: sub-expression '1/0' at position 0 is not allowed: its value ...
    """
    if not isinstance(text, str):
        raise TypeError(f"expression: text must be a str, not {type(text).__name__}")
    if isinstance(max_length, bool) or not isinstance(max_length, int):
        raise TypeError(f"max_length must be an int, not {type(max_length).__name__}")
    symbols = {} if symbols is None else symbols
    functions = {} if functions is None else functions
    for label, mapping in (("symbols", symbols), ("functions", functions)):
        if not isinstance(mapping, Mapping):
            raise TypeError(f"{label} must be a mapping of names, not {type(mapping).__name__}")
        for key in mapping:
            if not isinstance(key, str):
                raise TypeError(f"{label}: the key {key!r} is not a str")
    _prescan(text, max_length)
    body = text.strip()
    lead = len(text) - len(text.lstrip())
    try:
        tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        lines = body.split("\n")
        row = min(max((exc.lineno or 1) - 1, 0), len(lines) - 1)
        offset = lead + sum(len(line) + 1 for line in lines[:row]) + max((exc.offset or 1) - 1, 0)
        raise ValueError(f"expression: {text[offset:offset + 20]!r} at position "
                         f"{offset} is not valid syntax: {exc.msg}") from None
    except (MemoryError, RecursionError, ValueError):  # the parser's own limits
        raise ValueError("expression: too deeply nested to parse") from None
    builder = _Builder(body, symbols, functions, lead)
    try:
        return builder.build(tree.body)
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps well below the limit
        raise ValueError(f"expression: nesting deeper than {MAX_DEPTH} levels") from None
