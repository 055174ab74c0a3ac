"""The AdS3 metric ansatz in Bondi gauge and its :class:`~symphys.gr.asymptotic.AsymptoticProblem`.

ds² = (-r²/l² + Θ(u,φ)) du² - 2 du dr + 2 N(u,φ) du dφ + r² dφ², coordinates (u, r, φ),
signature (-,+,+), Λ = -1/l² (Barnich, Gomberoff & González, arXiv:1204.3288; global AdS3 is
Θ = -1, N = 0). The symbols u, r, φ and G are those of :mod:`symphys.gr.bms3`; ``l`` is the
AdS radius (a positive symbol).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp

from symphys.gr.asymptotic import AsymptoticProblem
from symphys.gr.bms3.coordinates import COORDS, as_scalar, phi, r, u
from symphys.gr.metric import Metric

__all__ = ["l", "metric", "problem"]

#: The AdS radius (positive symbol); Λ = -1/l².
l = sp.Symbol("l", positive=True)

_Theta = sp.Function("Theta")
_N = sp.Function("N")


def metric(Theta: Any = None, N: Any = None) -> Metric:
    """ds² = (-r²/l² + Θ) du² - 2 du dr + 2 N du dφ + r² dφ², coordinates (u, r, φ).

    ``Theta``, ``N`` default to undefined functions Θ(u, φ), N(u, φ).

    >>> metric(-1, 0).g
    Matrix([
    [-1 - r**2/l**2, -1,    0],
    [            -1,  0,    0],
    [             0,  0, r**2]])
    """
    Th = _Theta(u, phi) if Theta is None else as_scalar(Theta, "Theta")
    NN = _N(u, phi) if N is None else as_scalar(N, "N")
    g = sp.Matrix([[-r**2 / l**2 + Th, -1, NN], [-1, 0, 0], [NN, 0, r**2]])
    return Metric(g, COORDS, simplify="expand")


def problem() -> AsymptoticProblem:
    """AdS3 as an :class:`~symphys.gr.asymptotic.AsymptoticProblem` (cached).

    Gauge: g_rr = g_rφ = 0, g_φφ = r², g_ur = -1 preserved; fall-offs δg_uu, δg_uφ = O(1);
    Λ = -1/l²; data at u = 0: Θ(φ) and Ξ(φ) (N's data); generators T(φ), Y(φ) (ξ^u and the
    leading ξ^φ at u = 0).

    >>> problem().field_equations()[0]
    Derivative(N(u, phi), u) - Derivative(Theta(u, phi), phi)/2
    """
    return _problem()


@lru_cache(maxsize=1)
def _problem() -> AsymptoticProblem:
    return AsymptoticProblem(metric().g, COORDS, cosmological_constant=-1 / l**2,
                             data_names={"N": "Xi"}, generator_names=("T", "Y"))
