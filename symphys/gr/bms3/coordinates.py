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

from symphys.gr._convert import as_expr
from symphys.gr._fourier import check_expandable

__all__ = [
    "COORDS", "G", "N", "T", "Theta", "Xi", "Y", "as_G", "as_phi_function", "as_scalar", "phi",
    "r", "scri_sign", "variation_sign", "u",
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
    if not isinstance(scri, str):
        raise TypeError(f"scri={scri!r} must be the str '+' or '-'")
    if scri not in _SCRI:
        raise ValueError(f"scri={scri!r} must be '+' (future, retarded time u) or '-' "
                         "(past, advanced time v = t + r, stored in the symbol u)")
    return _SCRI[scri]


def variation_sign(sign: str) -> int:
    """+1 for δ_ξ g = L_ξ g (``"lie"``), -1 for Barnich-Troessaert's δ_ξ g = -L_ξ g."""
    if not isinstance(sign, str):
        raise TypeError(f"sign={sign!r} must be a str, one of {sorted(_SIGNS)}")
    if sign not in _SIGNS:
        raise ValueError(f"sign={sign!r} must be one of {sorted(_SIGNS)}")
    return _SIGNS[sign]


def as_scalar(value: Any, name: str) -> sp.Expr:
    """``value`` as a finite scalar sympy expression (text is never evaluated).

    TypeError naming ``name`` for text, bools and non-scalars; ValueError for nan/zoo/oo.
    """
    return as_expr(value, name)


def as_G(value: Any, name: str = "G") -> sp.Expr:
    """Newton's constant: a finite expression that is not zero or negative (charges divide by
    it)."""
    out = as_expr(value, name)
    if out.is_zero or out.is_negative or out.is_extended_real is False:
        raise ValueError(f"{name}={out} must be a positive constant (charges divide by it)")
    return out


def as_phi_function(value: Any, name: str) -> sp.Expr:
    """A function of φ only: a sympy expression, a number, or a callable of φ.

    Raises TypeError if ``value`` is not a scalar expression and ValueError if it depends
    on ``u`` or ``r`` or expands to more than
    :data:`~symphys.gr._fourier.MAX_EXPAND_TERMS` terms.
    """
    if callable(value) and not isinstance(value, sp.Basic):
        try:
            value = value(phi)
        except Exception as exc:  # a user callable: say which argument failed, and how
            raise TypeError(f"{name}={value!r} is a callable that failed on the symbol phi "
                            f"({type(exc).__name__}: {exc}); pass an expression in phi or a "
                            "callable of a sympy symbol") from exc
    value = as_scalar(value, name)
    if {u, r} & value.free_symbols:
        raise ValueError(f"{name}={value} must be a function of phi only (no u or r)")
    return check_expandable(value, name)
