"""Einstein's vacuum equations in three-dimensional Bondi gauge and their solution space.

Derived, not typed in: the Einstein tensor of :func:`~symphys.gr.bms3.bondi_gauge.metric` is
expanded in powers of r and its coefficients reduced to an independent set, ∂_u Θ = 0 and
2 ∂_u N = Θ', which are then integrated in u: Θ = Θ(φ) (mass aspect) and
N = Ξ(φ) + (u/2) Θ'(φ) (Ξ: angular-momentum aspect), as in Barnich & Compère,
arXiv:gr-qc/0610130.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import sympy as sp

from symphys.gr._solve import integrate_hierarchy
from symphys.gr.bms3.bondi_gauge import metric
from symphys.gr.bms3.coordinates import COORDS, as_phi_function, phi, r, scri_sign, u
from symphys.gr.bms3.coordinates import N as _N
from symphys.gr.bms3.coordinates import Theta as _Theta
from symphys.gr.bms3.coordinates import Xi as _Xi
from symphys.gr.expansion import inverse_power_coefficients
from symphys.gr.metric import Metric

__all__ = ["field_equations", "on_solutions", "solution_metric", "solution_space"]


def field_equations(*, scri: str = "+") -> tuple[sp.Expr, ...]:
    """Einstein's vacuum equations G_ab = 0 for the Bondi ansatz, reduced.

    Every component of G_ab is expanded in powers of r; the distinct non-zero coefficients
    are returned (each must vanish). The result is ∂_u Θ = 0 and 2 ∂_u N = Θ'.

    >>> field_equations()
    (Derivative(Theta(u, phi), u), Derivative(N(u, phi), u) - Derivative(Theta(u, phi), phi)/2)
    """
    scri_sign(scri)
    return _field_equations(scri)


@lru_cache(maxsize=4)
def _field_equations(scri: str) -> tuple[sp.Expr, ...]:
    ein = metric(scri=scri).einstein()
    eqs: list[sp.Expr] = []
    for a in range(3):
        for b in range(a, 3):
            for c in inverse_power_coefficients(ein[a, b], r, 6).values():
                c = sp.expand(c)
                c = sp.expand(c / _leading_number(c))
                if c != 0 and c not in eqs and -c not in eqs:
                    eqs.append(c)
    # keep an independent set: drop equations implied by substituting the simpler ones
    eqs.sort(key=lambda e: (max((d.derivative_count for d in e.atoms(sp.Derivative)),
                                default=0), sp.count_ops(e)))
    indep: list[sp.Expr] = []
    for e in eqs:
        red = e
        for d in indep:
            red = _reduce(red, d)
        if red != 0:
            indep.append(e)
    return tuple(indep)


def _leading_number(expr: sp.Expr) -> sp.Expr:
    coeff = sp.Poly(expr, *sorted(expr.atoms(sp.Derivative, sp.core.function.AppliedUndef),
                                  key=sp.default_sort_key)).coeffs()[0]
    return coeff if coeff.is_number else sp.S.One


def _reduce(expr: sp.Expr, rule: sp.Expr) -> sp.Expr:
    """Use ``rule = 0`` (solved for its highest derivative) to reduce ``expr``."""
    derivs = sorted(rule.atoms(sp.Derivative), key=lambda d: (u not in d.variables,
                                                                -d.derivative_count,
                                                                sp.default_sort_key(d)))
    if not derivs:
        return expr
    top = derivs[0]
    sol = sp.solve(rule, top)
    if len(sol) != 1:
        return expr
    out = expr
    for extra in ({}, *({v: 1} for v in COORDS)):
        if extra:
            var = next(iter(extra))
            out = out.subs(sp.diff(top, var), sp.diff(sol[0], var))
    return sp.expand(out.subs(top, sol[0]).doit())


def solution_space(*, scri: str = "+") -> dict[str, sp.Expr]:
    """General solution of :func:`field_equations`, integrated in u (not typed in).

    Returns ``{"Theta": Θ(φ), "N": Ξ(φ) + (u/2) Θ'(φ)}``: Θ is the mass aspect, Ξ the
    angular-momentum aspect (functions of φ only).

    >>> sol = solution_space()
    >>> sol["Theta"], sol["N"]
    (Theta(phi), u*Derivative(Theta(phi), phi)/2 + Xi(phi))
    """
    scri_sign(scri)
    return dict(_solution_space(scri))


@lru_cache(maxsize=4)
def _solution_space(scri: str) -> dict[str, sp.Expr]:
    names = iter([_Theta, _Xi])
    sol, rest = integrate_hierarchy(field_equations(scri=scri), [_Theta(u, phi), _N(u, phi)], u,
                                    lambda args: next(names)(*args))
    if rest:
        raise ValueError(f"unexpected leftover field equations {rest}")
    return {"Theta": sol[_Theta(u, phi)], "N": sol[_N(u, phi)]}


def solution_metric(Theta: Any = None, Xi: Any = None, *, scri: str = "+") -> Metric:
    """The metric on the solution space, Θ(φ) and N = Ξ(φ) + (u/2) Θ'(φ).

    >>> solution_metric(-1, 0).g
    Matrix([
    [-1, -1,    0],
    [-1,  0,    0],
    [ 0,  0, r**2]])
    """
    scri_sign(scri)
    Th = _Theta(phi) if Theta is None else as_phi_function(Theta, "Theta")
    X = _Xi(phi) if Xi is None else as_phi_function(Xi, "Xi")
    sol = _solution_space(scri)
    N = sol["N"].subs({_Theta(phi): Th, _Xi(phi): X}).doit()
    return metric(Th, N, scri=scri)


def on_solutions(vec: Sequence[sp.Expr], Th: sp.Expr, X: sp.Expr, *, scri: str = "+",
                  ) -> list[sp.Expr]:
    scri_sign(scri)
    N = _solution_space(scri)["N"].subs({_Theta(phi): Th, _Xi(phi): X}).doit()
    return [sp.expand(v.subs(_N(u, phi), N).doit()) for v in vec]
