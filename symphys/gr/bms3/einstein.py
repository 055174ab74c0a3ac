"""Einstein's vacuum equations in three-dimensional Bondi gauge and their solution space.

Derived, not typed in, by the engine :func:`~symphys.gr.bms3.bondi_gauge.problem`
(:class:`~symphys.gr.asymptotic.AsymptoticProblem`): the Einstein tensor of
:func:`~symphys.gr.bms3.bondi_gauge.metric` is expanded in powers of r and its coefficients
reduced to an independent set, ∂_u Θ = 0 and 2 ∂_u N = Θ', which are then integrated in u:
Θ = Θ(φ) (mass aspect) and N = Ξ(φ) + (u/2) Θ'(φ) (Ξ: angular-momentum aspect), as in
Barnich & Compère, arXiv:gr-qc/0610130.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import sympy as sp

from symphys.gr.bms3.bondi_gauge import _problem, metric
from symphys.gr.bms3.coordinates import N as _N
from symphys.gr.bms3.coordinates import Theta as _Theta
from symphys.gr.bms3.coordinates import Xi as _Xi
from symphys.gr.bms3.coordinates import as_phi_function, phi, scri_sign, u
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
    # derived by the engine: G_ab expanded in r, reduced to an independent set
    return _problem(scri).field_equations()


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
    sol = _problem(scri).solution_space()
    for v in sol.values():
        if v.has(_Theta(u, phi), _N(u, phi)):
            raise ValueError(f"unexpected leftover field equations in {sol}")
    return {"Theta": sol["Theta"], "N": sol["N"]}


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
