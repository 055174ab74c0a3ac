"""Strict conversion of user values to sympy: the one door of :mod:`symphys.gr` (internal).

Contract (every module of ``symphys.gr`` and ``symphys.gr.bms3`` converts user input here):

- :func:`as_expr` takes a sympy expression, a Python or NumPy number (not a bool), a
  ``fractions.Fraction``/``decimal.Decimal``, or an object with a ``_sympy_`` method, and
  returns a scalar ``sympy.Expr``. **Text is never evaluated**: a ``str`` (or ``bytes``) is a
  ``TypeError`` that says to pass a sympy expression or to parse the text first with
  ``symphys._expr.parse_expression`` (a restricted grammar). ``sympy.sympify`` of a string
  runs ``eval`` and is not used on user input anywhere in the package.
- :func:`as_exprs` does the same for a flat sequence, :func:`as_nested` for nested
  sequences, NumPy arrays, sympy matrices and arrays (tensor components), :func:`as_matrix`
  for a square-or-not 2-D table.
- Values must be finite (``finite=True``, the default): ``nan``, ``zoo`` (e.g. ``1/0``),
  ``oo`` and ``-oo`` are a ``ValueError`` naming the argument; ``O(...)`` terms (whose
  ``(r, oo)`` is a limit point, not a value) are skipped. :func:`check_finite` applies the
  same rule to a result.
- :func:`check_int` validates an integer size argument against a stated limit.

Every error names the argument as given by the caller in ``name``.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

__all__ = [
    "MAX_DIM", "MAX_COMPONENTS", "MAX_NESTING", "as_expr", "as_exprs", "as_matrix",
    "as_nested", "check_bool", "check_coords", "check_finite", "check_int", "is_finite",
    "nested_shape",
]

#: Largest chart dimension accepted (:class:`~symphys.gr.metric.Metric` and the tensor
#: functions; 11 covers eleven-dimensional supergravity). The Riemann tensor has n**4
#: components, each a symbolic expression.
MAX_DIM = 11

#: Largest number of components of a tensor built by the tensor functions (n**rank).
MAX_COMPONENTS = 11**4

#: Deepest nesting of sequences accepted for tensor components.
MAX_NESTING = 8

_NONFINITE = (sp.nan, sp.zoo, sp.oo, -sp.oo)

_TEXT_HINT = ("pass a sympy expression (text is never evaluated), or parse text with "
              "symphys._expr.parse_expression")


def _short(value: Any, limit: int = 80) -> str:
    """repr(value), cut to ``limit`` characters (messages stay short for huge inputs)."""
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not hide the real error
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _nonfinite_part(expr: sp.Basic) -> sp.Basic | None:
    """The first nan/zoo/oo/-oo in ``expr`` outside ``O(...)`` terms, or None (iterative)."""
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, sp.Order):
            continue
        if e.is_Atom:
            if e in _NONFINITE:
                return e
            continue
        stack.extend(e.args)
    return None


def is_finite(expr: Any) -> bool:
    """False if the sympy object ``expr`` holds nan, zoo, oo or -oo (outside ``O`` terms).

    >>> is_finite(sp.Symbol("x") + 1), is_finite(sp.Integer(1) / 0)
    (True, False)
    """
    if isinstance(expr, sp.MatrixBase):
        return all(is_finite(e) for e in expr)
    if isinstance(expr, sp.NDimArray):
        return all(is_finite(e) for e in sp.flatten(expr))
    if isinstance(expr, (list, tuple)):
        return all(is_finite(e) for e in expr)
    if isinstance(expr, dict):
        return all(is_finite(e) for e in expr.values())
    if not isinstance(expr, sp.Basic):
        return True
    return _nonfinite_part(expr) is None


def check_finite(expr: Any, name: str, *, why: str = "") -> Any:
    """Return ``expr`` if it is finite, else raise ValueError naming ``name``.

    >>> check_finite(sp.Integer(2), "x")
    2
    """
    if not is_finite(expr):
        raise ValueError(f"{name} is not finite (it holds nan, zoo or oo){why}: got {expr}")
    return expr


def as_expr(value: Any, name: str, *, finite: bool = True) -> sp.Expr:
    """``value`` as a scalar sympy expression, without ever evaluating text.

    Raises TypeError for a str, a bool, a sequence or anything else that is not a number or a
    sympy expression, and ValueError (with ``finite=True``) for nan, zoo, oo.

    >>> as_expr(0.5, "x"), as_expr(3, "n")
    (0.500000000000000, 3)
    >>> as_expr("__import__('os')", "T")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: T="__import__('os')" is text: pass a sympy expression (text is never ...
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name}={_short(value)} is text: {_TEXT_HINT}")
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}={value!r} must be a number or a sympy expression, not a bool")
    if isinstance(value, sp.Basic):
        out = value
    elif isinstance(value, np.ndarray) and value.ndim == 0:
        return as_expr(value[()], name, finite=finite)
    elif isinstance(value, (numbers.Number, np.number)) or hasattr(value, "_sympy_"):
        try:
            out = sp.sympify(value, strict=True)
        except (sp.SympifyError, TypeError, ValueError) as exc:
            raise TypeError(f"{name}={_short(value)} cannot be converted to sympy: {exc}") from exc
    else:
        raise TypeError(f"{name}={_short(value)} must be a number or a scalar sympy "
                        f"expression, got {type(value).__name__}")
    if not isinstance(out, sp.Expr):
        raise TypeError(f"{name}={_short(value)} must be a scalar sympy expression, got "
                        f"{type(out).__name__}")
    if finite and _nonfinite_part(out) is not None:
        raise ValueError(f"{name}={out} is not finite (it holds {_nonfinite_part(out)}); "
                         "a finite value is needed")
    return out


def as_exprs(values: Any, name: str, *, length: int | None = None,
             finite: bool = True) -> list[sp.Expr]:
    """A flat sequence of scalars, each through :func:`as_expr` (named ``name[i]``).

    >>> as_exprs((1, sp.Symbol("x")), "xi", length=2)
    [1, x]
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name}={_short(values)} is text: {_TEXT_HINT}")
    if isinstance(values, np.ndarray):
        values = list(values.reshape(-1)) if values.ndim == 1 else values
    if isinstance(values, sp.MatrixBase):
        if 1 not in values.shape:
            raise ValueError(f"{name} must be a vector, got a matrix of shape {values.shape}")
        values = list(values)
    if not isinstance(values, (Sequence, sp.NDimArray)) or isinstance(values, np.ndarray):
        raise TypeError(f"{name} must be a sequence of scalars, got {type(values).__name__}")
    values = list(values)
    if length is not None and len(values) != length:
        raise ValueError(f"{name} has {len(values)} components, expected {length}")
    return [as_expr(v, f"{name}[{i}]", finite=finite) for i, v in enumerate(values)]


def as_nested(value: Any, name: str, *, finite: bool = True, _depth: int = 0) -> Any:
    """Tensor components as nested lists of sympy scalars (or one scalar), checked.

    Accepts nested lists/tuples, NumPy arrays (any dtype whose entries pass :func:`as_expr`),
    sympy matrices and N-dim arrays.

    >>> as_nested([[1, 2], (3, sp.Symbol("x"))], "g")
    [[1, 2], [3, x]]
    """
    if _depth > MAX_NESTING:
        raise ValueError(f"{name} is nested deeper than {MAX_NESTING} levels")
    if isinstance(value, sp.MatrixBase):
        value = value.tolist()
    elif isinstance(value, sp.NDimArray):
        value = value.tolist() if value.rank() else value[()]
    elif isinstance(value, np.ndarray):
        value = value.tolist() if value.ndim else value[()]
    if isinstance(value, (list, tuple)):
        return [as_nested(v, f"{name}[{i}]", finite=finite, _depth=_depth + 1)
                for i, v in enumerate(value)]
    return as_expr(value, name, finite=finite)


def _shape(nested: Any, name: str) -> tuple[int, ...]:
    if not isinstance(nested, list):
        return ()
    if not nested:
        return (0,)
    shapes = {_shape(v, name) for v in nested}
    if len(shapes) != 1:
        raise ValueError(f"{name} is ragged: its entries have shapes {sorted(shapes)}")
    return (len(nested), *shapes.pop())


def nested_shape(nested: Any, name: str) -> tuple[int, ...]:
    """The shape of nested lists from :func:`as_nested`; ValueError if ragged."""
    return _shape(nested, name)


def as_matrix(value: Any, name: str, *, finite: bool = True) -> sp.ImmutableMatrix:
    """A 2-D table of scalars as a sympy ``ImmutableMatrix`` (entries via :func:`as_expr`).

    >>> as_matrix([[1, 0], [0, 1]], "g")
    Matrix([
    [1, 0],
    [0, 1]])
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name}={_short(value)} is text: {_TEXT_HINT}")
    if not isinstance(value, (Sequence, np.ndarray, sp.MatrixBase, sp.NDimArray)):
        raise TypeError(f"{name} must be a sympy Matrix or a nested sequence, got "
                        f"{type(value).__name__}")
    nested = as_nested(value, name, finite=finite)
    shape = _shape(nested, name)
    if len(shape) != 2:
        raise ValueError(f"{name} must be a 2-D table (a matrix), got shape {shape}")
    if 0 in shape:
        raise ValueError(f"{name} must not be empty, got shape {shape}")
    return sp.ImmutableMatrix(nested)


def check_int(value: Any, name: str, *, low: int, high: int, why: str = "") -> int:
    """``value`` as an int in [low, high], or TypeError/ValueError naming ``name``.

    >>> check_int(3, "order", low=1, high=64)
    3
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral,)):
        raise TypeError(f"{name}={_short(value)} must be an int")
    value = int(value)
    if value < low:
        raise ValueError(f"{name}={value} must be >= {low}")
    if value > high:
        raise ValueError(f"{name}={value} is beyond the limit {name} <= {high}{why}")
    return value


def check_bool(value: Any, name: str) -> bool:
    """``value`` if it is a bool, else TypeError naming ``name``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}={_short(value)} must be a bool (True or False)")
    return bool(value)


def check_coords(coords: Any, *, name: str = "coords") -> tuple[sp.Symbol, ...]:
    """Validate a coordinate list: distinct sympy symbols, at most :data:`MAX_DIM`.

    >>> check_coords(sp.symbols("t x"))
    (t, x)
    """
    if isinstance(coords, (str, bytes)):
        raise TypeError(f"{name}={_short(coords)} is text: pass a sequence of sympy Symbols")
    if isinstance(coords, sp.Symbol):
        raise TypeError(f"{name} must be a sequence of sympy Symbols, got the single "
                        f"symbol {coords}")
    try:
        n = len(coords)
    except TypeError as exc:
        raise TypeError(f"{name} must be a sequence of sympy Symbols, got "
                        f"{type(coords).__name__}") from exc
    if n > MAX_DIM:
        raise ValueError(f"{name} has {n} coordinates: a chart of dimension {n} needs "
                         f"{n**4} Riemann components; the limit is dimension <= {MAX_DIM}")
    coords = tuple(coords)
    if not coords:
        raise ValueError(f"{name} must hold at least one coordinate symbol")
    for c in coords:
        if not isinstance(c, sp.Symbol):
            raise TypeError(f"{name} must hold sympy Symbols, got {_short(c)} of type "
                            f"{type(c).__name__}")
    if len(set(coords)) != len(coords):
        raise ValueError(f"{name}={coords} holds a repeated coordinate")
    return coords
