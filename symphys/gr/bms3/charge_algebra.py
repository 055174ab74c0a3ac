"""The BMS3 algebra of asymptotic Killing vectors and of their charges, computed.

The modified Lie bracket [ξ1, ξ2]_M = [ξ1, ξ2] - δ_ξ1 ξ2 + δ_ξ2 ξ1 closes on the vectors
ξ_{T,Y}; the charges represent it up to a central extension, {Q_1, Q_2} := δ_ξ2 Q_ξ1 =
Q_[ξ1,ξ2] + K, with central charges (c1, c2) = (0, 3/G) (Barnich & Compère,
arXiv:gr-qc/0610130).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp

from symphys.gr.bms3.bondi_gauge import _problem
from symphys.gr.bms3.coordinates import (
    as_phi_function,
    phi,  # noqa: F401  (the doctests use it)
)

__all__ = ["algebra", "bracket"]


def _bracket(T1: sp.Expr, Y1: sp.Expr, T2: sp.Expr, Y2: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """(T12, Y12) of the modified Lie bracket [ξ1, ξ2]_M = [ξ1, ξ2] - δ_ξ1 ξ2 + δ_ξ2 ξ1."""
    br = _problem("+").bracket({"T": T1, "Y": Y1}, {"T": T2, "Y": Y2})
    return br["T"], br["Y"]


def bracket(T1: Any, Y1: Any, T2: Any, Y2: Any) -> tuple[sp.Expr, sp.Expr]:
    """(T12, Y12) with [ξ_{T1,Y1}, ξ_{T2,Y2}]_M = ξ_{T12,Y12} (modified Lie bracket), computed.

    Result: Y12 = Y1Y2' - Y2Y1', T12 = Y1T2' + T1Y2' - (1 ↔ 2).

    >>> bracket(0, 1, sp.cos(phi), 0)
    (-sin(phi), 0)
    """
    names = ("T1", "Y1", "T2", "Y2")
    args = [as_phi_function(v, n) for v, n in zip((T1, Y1, T2, Y2), names, strict=True)]
    return _bracket(*args)


@lru_cache(maxsize=1)
def algebra() -> dict[str, Any]:
    """The charge algebra {Q_1, Q_2} := δ_ξ2 Q_ξ1 = Q_[ξ1,ξ2] + K, and its central charges.

    Everything is computed from the derived vectors, variations and charges: the bracket
    (T12, Y12) from the modified Lie bracket, K as the field-independent remainder. In modes
    (j_m: Y = e^{imφ}; p_m: T = e^{imφ}) it returns ``"central_charges": (c1, c2)`` with
    i{J_m, J_n} = (m-n)J_{m+n} + (c1/12) m³ δ_{m+n,0} and
    i{J_m, P_n} = (m-n)P_{m+n} + (c2/12) m³ δ_{m+n,0}.

    >>> algebra()["central_charges"]
    (0, 3/G)
    """
    alg = _problem("+").algebra()
    cc = alg["central_charges"]
    return {
        "bracket": (alg["bracket"]["T"], alg["bracket"]["Y"]),
        "cocycle_density": alg["cocycle_density"],
        "central_charges": (cc[("Y", "Y")], cc[("Y", "T")]),
        "modes": "i{J_m,J_n} = (m-n)J_{m+n} + c1/12 m^3 d_{m+n}; "
                 "i{J_m,P_n} = (m-n)P_{m+n} + c2/12 m^3 d_{m+n}; {P_m,P_n} = 0",
    }
