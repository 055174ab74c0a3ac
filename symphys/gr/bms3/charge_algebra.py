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

from symphys.gr.bms3.charges import charge_density, integrate_by_parts
from symphys.gr.bms3.coordinates import COORDS, as_phi_function, phi, r, u
from symphys.gr.bms3.coordinates import Theta as _Theta
from symphys.gr.bms3.coordinates import Xi as _Xi
from symphys.gr.bms3.einstein import on_solutions
from symphys.gr.bms3.killing import killing_vector, variation
from symphys.gr.expansion import inverse_power_coefficients

__all__ = ["algebra", "bracket"]


def _bracket(T1: sp.Expr, Y1: sp.Expr, T2: sp.Expr, Y2: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """(T12, Y12) of the modified Lie bracket [ξ1, ξ2]_M = [ξ1, ξ2] - δ_ξ1 ξ2 + δ_ξ2 ξ1."""
    Th, X = _Theta(phi), _Xi(phi)
    x1 = on_solutions(killing_vector(T1, Y1), Th, X)
    x2 = on_solutions(killing_vector(T2, Y2), Th, X)
    lie = [sp.expand(sum(x1[c] * sp.diff(x2[a], COORDS[c]) - x2[c] * sp.diff(x1[a], COORDS[c])
                         for c in range(3))) for a in range(3)]
    # ξ depends on the fields through N: subtract δ_ξ1 ξ2 and add δ_ξ2 ξ1
    d1 = variation(T1, Y1, Th, X)
    d2 = variation(T2, Y2, Th, X)
    eps = sp.Symbol("eps")

    def shifted(vec_TY: tuple, d: tuple) -> list[sp.Expr]:
        return [sp.diff(c, eps).subs(eps, 0) for c in
                on_solutions(killing_vector(*vec_TY), Th + eps * d[0], X + eps * d[1])]

    corr = [a - b for a, b in zip(shifted((T2, Y2), d1), shifted((T1, Y1), d2), strict=False)]
    br = [sp.expand(lie[a] - corr[a]) for a in range(3)]
    Y12 = sp.expand(sum(c for k, c in inverse_power_coefficients(br[2], r, 1).items() if k == 0))
    T12 = sp.expand(br[0].subs(u, 0))
    check = on_solutions(killing_vector(T12, Y12), Th, X)
    if any(sp.simplify(a - b) != 0 for a, b in zip(check, br, strict=False)):
        raise ValueError("the bracket of two asymptotic Killing vectors left the family")
    return T12, Y12


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
    T1, Y1, T2, Y2 = (sp.Function(n)(phi) for n in ("T1", "Y1", "T2", "Y2"))
    Th, X = _Theta(phi), _Xi(phi)
    T12, Y12 = _bracket(T1, Y1, T2, Y2)
    dTh, dX = variation(T2, Y2, Th, X)
    lhs = charge_density(T1, Y1, dTh, dX)
    rhs = charge_density(T12, Y12, Th, X)
    K = sp.expand(lhs - rhs)
    Kparts, K = integrate_by_parts(K, [Th, X])
    if any(sp.simplify(c) != 0 for c in Kparts.values()):
        raise ValueError(f"the remainder K depends on the fields: {Kparts}")
    m, n = sp.symbols("m n", integer=True)

    def central(Ta: Any, Ya: Any, Tb: Any, Yb: Any) -> sp.Expr:
        subs = {T1: Ta, Y1: Ya, T2: Tb, Y2: Yb}
        dens = sp.expand(K.subs(subs).doit())
        # ∮ e^{i(m+n)φ} dφ = 2π δ_{m+n,0}: strip the exponential and set n = -m
        inner = sp.simplify(dens / sp.exp(sp.I * (m + n) * phi))
        if phi in inner.free_symbols:
            raise ValueError(f"unexpected φ-dependence in the central term: {inner}")
        kmn = sp.expand(2 * sp.pi * inner.subs(n, -m))
        term = sp.expand(sp.I * kmn)  # i{.,.} = ... + i K
        if term == 0:
            return sp.S.Zero
        poly = sp.Poly(term, m)
        if set(poly.monoms()) - {(3,), (1,)}:
            raise ValueError(f"central term {term} is not of the form a m^3 + b m")
        return sp.simplify(12 * poly.coeff_monomial(m**3))

    e_m, e_n = sp.exp(sp.I * m * phi), sp.exp(sp.I * n * phi)
    c1 = central(0, e_m, 0, e_n)
    c2 = central(0, e_m, e_n, 0)
    return {
        "bracket": (T12, Y12),
        "cocycle_density": sp.simplify(K),
        "central_charges": (c1, c2),
        "modes": "i{J_m,J_n} = (m-n)J_{m+n} + c1/12 m^3 d_{m+n}; "
                 "i{J_m,P_n} = (m-n)P_{m+n} + c2/12 m^3 d_{m+n}; {P_m,P_n} = 0",
    }
