"""The three-dimensional Bondi-gauge metric ansatz.

ds² = Θ(u,φ) du² - 2 du dr + 2 N(u,φ) du dφ + r² dφ², coordinates (u, r, φ), signature
(-,+,+), as in Barnich & Compère, arXiv:gr-qc/0610130. At past null infinity the advanced
chart ds² = Θ dv² + 2 dv dr + 2 N dv dφ + r² dφ² (v = t + r) of Prohazka, Salzer &
Schöller, arXiv:1701.06573, is used, with the symbol ``u`` standing for v.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp

from symphys.gr.asymptotic import AsymptoticProblem
from symphys.gr.bms3.coordinates import COORDS, as_scalar, phi, r, scri_sign, u
from symphys.gr.bms3.coordinates import N as _N
from symphys.gr.bms3.coordinates import Theta as _Theta
from symphys.gr.metric import Metric

__all__ = ["metric", "problem"]


def metric(Theta: Any = None, N: Any = None, *, scri: str = "+") -> Metric:
    """The Bondi-gauge metric ds² = Θ du² - 2 du dr + 2 N du dφ + r² dφ², coords (u, r, φ).

    ``Theta``, ``N`` default to undefined functions Θ(u, φ), N(u, φ). ``scri="-"`` gives the
    advanced chart near past null infinity, ds² = Θ dv² + 2 dv dr + 2 N dv dφ + r² dφ²
    (v = t + r; the symbol ``u`` stands for v), as in arXiv:1701.06573.

    >>> metric().g
    Matrix([
    [Theta(u, phi), -1, N(u, phi)],
    [           -1,  0,         0],
    [    N(u, phi),  0,      r**2]])
    """
    s = scri_sign(scri)
    Th = _Theta(u, phi) if Theta is None else as_scalar(Theta, "Theta")
    NN = _N(u, phi) if N is None else as_scalar(N, "N")
    g = sp.Matrix([[Th, s, NN], [s, 0, 0], [NN, 0, r**2]])
    return Metric(g, COORDS, simplify="expand")


def problem(*, scri: str = "+") -> AsymptoticProblem:
    """BMS3 as an instance of :class:`~symphys.gr.asymptotic.AsymptoticProblem`.

    The Bondi ansatz of :func:`metric` with its gauge (g_rr = g_rφ = 0, g_φφ = r², g_ur = ∓1
    preserved) and fall-offs (δg_uu, δg_uφ = O(1)), Λ = 0; the data at u = 0 are Θ(φ) and
    Ξ(φ) (N's data), the generators T(φ), Y(φ). Every derivation of :mod:`symphys.gr.bms3`
    runs through it (cached per ``scri``).

    >>> problem().solution_space()["N"]
    u*Derivative(Theta(phi), phi)/2 + Xi(phi)
    """
    scri_sign(scri)
    return _problem(scri)


@lru_cache(maxsize=2)
def _problem(scri: str) -> AsymptoticProblem:
    return AsymptoticProblem(metric(scri=scri).g, COORDS, data_names={"N": "Xi"},
                             generator_names=("T", "Y"))
