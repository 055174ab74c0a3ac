"""Component tensor calculus in a coordinate chart: Lie and covariant derivatives.

A tensor of rank k is given by its components (a sympy scalar, list, Matrix or N-dim Array of
shape (n,)*k) and a ``positions`` string with one letter per index, ``"u"`` (contravariant,
up) or ``"d"`` (covariant, down). Results are sympy ``ImmutableDenseNDimArray`` (shape
(n,)*k for Lie derivatives, (n,)*(k+1) for covariant derivatives, the new index last).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import sympy as sp

from symphys.gr._convert import (
    MAX_COMPONENTS,
    as_expr,
    as_exprs,
    as_nested,
    check_coords,
    nested_shape,
)

#: Largest tensor rank (``len(positions)``) accepted.
MAX_RANK = 16


def as_array(tensor: Any, positions: str, n: int, *, name: str = "tensor") -> sp.Array:
    """Components as an N-dim sympy Array of shape (n,)*len(positions); checks the shape.

    >>> as_array([1, 2], "u", 2)
    [1, 2]
    """
    k = check_positions(positions, n)
    if k == 0:
        return as_expr(tensor, name)
    nested = as_nested(tensor, name)
    shape = nested_shape(nested, name)
    if shape != (n,) * k:
        raise ValueError(
            f"{name} has shape {shape}, but positions={positions!r} in dimension {n} "
            f"needs shape {(n,) * k}"
        )
    return sp.Array(nested)


def check_positions(positions: Any, n: int, *, extra: int = 1) -> int:
    """The rank ``len(positions)``, checked: a str of 'u'/'d' whose tensor (with ``extra``
    more indices) has at most :data:`~symphys.gr._convert.MAX_COMPONENTS` components."""
    if not isinstance(positions, str):
        raise TypeError(f"positions={positions!r} must be a str of 'u' and 'd' letters")
    if set(positions) - {"u", "d"}:
        raise ValueError(f"positions={positions!r} must use only the letters 'u' and 'd'")
    k = len(positions)
    if k > MAX_RANK or n ** (k + extra) > MAX_COMPONENTS:
        raise ValueError(f"positions={positions!r} (rank {k}) in dimension {n} gives a result "
                         f"of {n}**{k + extra} components; the limit is {MAX_COMPONENTS}")
    return k


def _vector(vector: Sequence[Any], n: int) -> list[sp.Expr]:
    comps = as_exprs(vector, "vector")
    if len(comps) != n:
        raise ValueError(f"vector has {len(comps)} components, but the chart has {n} coordinates")
    return comps


def lie_derivative(tensor: Any, vector: Sequence[Any], coords: Sequence[sp.Symbol],
                   positions: str) -> sp.ImmutableDenseNDimArray:
    """L_ξ T in coordinates, shape (n,)*k.

    (L_ξ T)^{a..}_{b..} = ξ^c ∂_c T^{a..}_{b..} - Σ_up T^{..c..}_{..} ∂_c ξ^a
    + Σ_down T^{..}_{..c..} ∂_b ξ^c.

    >>> x, y = sp.symbols("x y")
    >>> lie_derivative([1, 0], [-y, x], (x, y), "u")   # [ξ, ∂_x] for a rotation ξ
    [0, -1]
    """
    coords = check_coords(coords)
    n = len(coords)
    T = as_array(tensor, positions, n)
    xi = _vector(vector, n)
    k = len(positions)
    dxi = [[sp.diff(xi[a], coords[c]) for c in range(n)] for a in range(n)]
    if k == 0:
        return sum((xi[c] * sp.diff(T, coords[c]) for c in range(n)), sp.S.Zero)
    out = {}
    for idx in itertools.product(range(n), repeat=k):
        val = sum((xi[c] * sp.diff(T[idx], coords[c]) for c in range(n)), sp.S.Zero)
        for slot, pos in enumerate(positions):
            for c in range(n):
                j = list(idx)
                j[slot] = c
                if pos == "u":
                    val -= T[tuple(j)] * dxi[idx[slot]][c]
                else:
                    val += T[tuple(j)] * dxi[c][idx[slot]]
        out[idx] = val
    return sp.ImmutableDenseNDimArray([out[i] for i in itertools.product(range(n), repeat=k)],
                                      (n,) * k)


def covariant_derivative(tensor: Any, positions: str, christoffel: Any,
                         coords: Sequence[sp.Symbol]) -> sp.ImmutableDenseNDimArray:
    """∇_c T^{a..}_{b..} with Γ^a_{bc} = ``christoffel[a, b, c]``; new index last.

    ∇_c T^a_b = ∂_c T^a_b + Γ^a_{ce} T^e_b - Γ^e_{cb} T^a_e (and so on for each index).

    >>> x, y = sp.symbols("x y")
    >>> gam = sp.Array.zeros(2, 2, 2)
    >>> covariant_derivative(x*y, "", gam, (x, y))
    [y, x]
    """
    coords = check_coords(coords)
    n = len(coords)
    T = as_array(tensor, positions, n)
    gam = as_nested(christoffel, "christoffel")
    if nested_shape(gam, "christoffel") != (n, n, n):
        raise ValueError(f"christoffel has shape {nested_shape(gam, 'christoffel')}, "
                         f"expected {(n, n, n)}")
    gam = sp.Array(gam)
    if gam.shape != (n, n, n):
        raise ValueError(f"christoffel has shape {gam.shape}, expected {(n, n, n)}")
    k = len(positions)
    if k == 0:
        return sp.ImmutableDenseNDimArray([sp.diff(T, c) for c in coords], (n,))
    out = []
    for idx in itertools.product(range(n), repeat=k):
        for c in range(n):
            val = sp.diff(T[idx], coords[c])
            for slot, pos in enumerate(positions):
                for e in range(n):
                    j = list(idx)
                    j[slot] = e
                    if pos == "u":
                        val += gam[idx[slot], c, e] * T[tuple(j)]
                    else:
                        val -= gam[e, c, idx[slot]] * T[tuple(j)]
            out.append(val)
    return sp.ImmutableDenseNDimArray(out, (n,) * (k + 1))
