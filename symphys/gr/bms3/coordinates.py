"""Coordinates, constants and field symbols shared by every :mod:`symphys.gr.bms3` module.

Internal home of the BMS3 symbols (its contract): the coordinates ``u, r, phi`` (real), the
chart ``COORDS = (u, r, phi)``, Newton's constant ``G`` (positive), the undefined functions
``Theta``, ``N``, ``Xi`` (the fields) and ``T``, ``Y`` (the generators), and the argument
checks every module of the subpackage uses. Two sympy undefined functions of the same name
are equal, so ``sympy.Function("Theta")(phi)`` built elsewhere is the same field.

Conventions: φ ~ φ + 2π, ``'`` = ∂_φ; ``u`` is retarded time at future null infinity
(``scri="+"``) and stands for advanced time v = t + r at past null infinity (``scri="-"``).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = [
    "COORDS", "G", "N", "T", "Theta", "Xi", "Y", "as_phi_function", "as_scalar", "phi", "r",
    "scri_sign", "variation_sign", "u",
]

u, r, phi = sp.symbols("u r phi", real=True)
G = sp.Symbol("G", positive=True)
COORDS = (u, r, phi)

Theta = sp.Function("Theta")
N = sp.Function("N")
Xi = sp.Function("Xi")
T = sp.Function("T")
Y = sp.Function("Y")

_SIGNS = {"lie": 1, "barnich-troessaert": -1}
_SCRI = {"+": -1, "-": 1}


def scri_sign(scri: str) -> int:
    """The sign of the du dr cross term: -1 at I⁺ (retarded u), +1 at I⁻ (advanced v)."""
    if scri not in _SCRI:
        raise ValueError(f"scri={scri!r} must be '+' (future, retarded time u) or '-' "
                         "(past, advanced time v = t + r, stored in the symbol u)")
    return _SCRI[scri]


def variation_sign(sign: str) -> int:
    """+1 for δ_ξ g = L_ξ g (``"lie"``), -1 for Barnich-Troessaert's δ_ξ g = -L_ξ g."""
    if sign not in _SIGNS:
        raise ValueError(f"sign={sign!r} must be one of {sorted(_SIGNS)}")
    return _SIGNS[sign]


def as_scalar(value: Any, name: str) -> sp.Expr:
    """``value`` as a scalar sympy expression, or a TypeError naming ``name``."""
    try:
        out = sp.sympify(value)
    except (sp.SympifyError, TypeError) as exc:
        raise TypeError(f"{name}={value!r} is not a sympy expression: {exc}") from exc
    if not isinstance(out, sp.Expr):
        raise TypeError(f"{name}={value!r} must be a scalar sympy expression")
    return out


def as_phi_function(value: Any, name: str) -> sp.Expr:
    """A function of φ only: a sympy expression, a number, or a callable of φ.

    Raises TypeError if ``value`` is not a scalar expression and ValueError if it depends
    on ``u`` or ``r``.
    """
    if callable(value) and not isinstance(value, sp.Basic):
        value = value(phi)
    value = as_scalar(value, name)
    if {u, r} & value.free_symbols:
        raise ValueError(f"{name}={value} must be a function of phi only (no u or r)")
    return value
