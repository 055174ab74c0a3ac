"""The stabilizer of a solution: the BMS3 generators (T, Y) that leave (Θ, Ξ) invariant.

Found by exact linear algebra on trigonometric polynomials, from the transformation laws of
:func:`~symphys.gr.bms3.killing.variation`. Minkowski keeps iso(2,1); the spaces Θ = -n²
are distinct Minkowski vacua with six symmetries each (Schöller, arXiv:1711.02670).
"""

from __future__ import annotations

import numbers
from typing import Any

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from symphys.gr.bms3.coordinates import T as _T
from symphys.gr.bms3.coordinates import Y as _Y
from symphys.gr.bms3.coordinates import as_phi_function, phi
from symphys.gr.bms3.killing import variation
from symphys.gr.expansion import tree_degree

__all__ = ["MAX_MODE", "stabilizer"]

#: Largest ``max_mode`` accepted by :func:`stabilizer` (exact sympy linear algebra).
MAX_MODE = 32


def _trig_degree(expr: sp.Expr) -> float:
    """A bound on the degree of ``expr`` as a polynomial in e^{±iφ}, read off its tree."""

    def trig(e: sp.Basic, deg) -> float | None:
        if not isinstance(e, (sp.sin, sp.cos, sp.exp, sp.tan, sp.cot, sp.sec, sp.csc)):
            return None
        k = sp.expand(e.args[0]).coeff(phi)
        out = abs(k) if k.is_number and k.is_finite else 1
        return max(out, deg(sp.expand(e.args[0]) - k * phi))

    return tree_degree(expr, phi, leaf=trig, default=1)


def stabilizer(Theta: Any, Xi: Any, *, max_mode: int = 4) -> list[tuple[sp.Expr, sp.Expr]]:
    """The symmetries (T, Y) of a solution (δΘ = δΞ = 0) among Fourier modes k <= ``max_mode``.

    Exact linear algebra on trigonometric polynomials; Θ, Ξ must be trigonometric polynomials
    (e.g. constants). Minkowski has the 6 Poincaré generators (iso(2,1)); a generic conical
    defect or flat-space cosmology only (T, Y) = (1, 0), (0, 1). ``max_mode`` above
    :data:`MAX_MODE` is refused at once (ValueError).

    >>> len(stabilizer(-1, 0)), len(stabilizer(sp.Rational(-1, 4), 0))
    (6, 2)
    """
    if isinstance(max_mode, bool) or not isinstance(max_mode, numbers.Integral):
        raise TypeError(f"max_mode={max_mode!r} must be an int")
    if max_mode < 0:
        raise ValueError(f"max_mode={max_mode} must be a non-negative integer")
    if max_mode > MAX_MODE:
        raise ValueError(f"max_mode={max_mode} needs an exact null space of "
                         f"{2 * (2 * max_mode + 1)} unknowns; the limit is max_mode <= {MAX_MODE}")
    basis = [sp.Integer(1)]
    for k in range(1, max_mode + 1):
        basis += [sp.cos(k * phi), sp.sin(k * phi)]
    Th = as_phi_function(Theta, "Theta")
    X = as_phi_function(Xi, "Xi")
    for name, val in (("Theta", Th), ("Xi", X)):
        degree = _trig_degree(val)
        if degree > max_mode + 8:
            raise ValueError(f"{name}={val} holds Fourier modes up to {degree}: the limit is "
                             f"max_mode + 8 = {max_mode + 8} (a trigonometric polynomial)")
    # δΘ, δΞ from the derived laws, which are linear in (T, Y): one column of the linear
    # system per basis generator, read off in Fourier modes e^{ikφ} (small expressions each)
    dTh, dX = variation(None, None, Th, X)
    z = sp.Symbol("z", positive=True)
    shift = 8 * max_mode + 16
    columns = [(b, 0) for b in basis] + [(0, b) for b in basis]
    entries: dict[tuple[int, int], dict[int, sp.Expr]] = {}
    for j, (Tb, Yb) in enumerate(columns):
        for which, law in enumerate((dTh, dX)):
            expr = law.subs({_T(phi): Tb, _Y(phi): Yb}).doit()
            e = sp.expand(sp.expand(expr).rewrite(sp.exp))
            e = sp.expand(e.subs(phi, -sp.I * sp.log(z)) * z**shift)
            if e == 0:
                continue
            try:
                poly = sp.Poly(e, z)
            except sp.PolynomialError as exc:
                raise ValueError(f"Theta={Th} and Xi={X} must be trigonometric polynomials "
                                 f"in phi of degree <= {max_mode + 8}: {exc}") from exc
            for (k,), c in poly.terms():
                entries.setdefault((which, k), {})[j] = c
    rows = sorted(entries)
    A = sp.Matrix(max(len(rows), 1), len(columns),
                  lambda i, j: entries[rows[i]].get(j, 0) if rows else 0)
    # the coefficients t_k, y_k are real: A v = 0 splits into Re A v = 0 and Im A v = 0, an
    # exact rational system; sympy's DomainMatrix null space is far faster than
    # Matrix.nullspace on these sizes (max_mode = MAX_MODE: seconds, not minutes)
    A = A.applyfunc(sp.re).col_join(A.applyfunc(sp.im))
    null_rows = DomainMatrix.from_Matrix(A).to_field().nullspace().to_Matrix()
    null = [null_rows.row(i).T for i in range(null_rows.rows)]
    out = []
    for v in null:
        Tv = sum(v[i] * basis[i] for i in range(len(basis)))
        Yv = sum(v[len(basis) + i] * basis[i] for i in range(len(basis)))
        out.append((sp.simplify(Tv), sp.simplify(Yv)))
    return out
