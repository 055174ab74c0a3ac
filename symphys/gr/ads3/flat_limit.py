"""The flat limit l -> oo of AdS3 in Bondi gauge onto BMS3, shown symbolically.

Barnich, Gomberoff & González, arXiv:1204.3288: the AdS3 field equations, evolution, laws,
charges and bracket tend to those of three-dimensional flat space at null infinity, and the
two Virasoro algebras contract (İnönü-Wigner) with P_m = (L+_m + L-_{-m})/l,
J_m = L+_m - L-_{-m} onto bms3 with c1 = c+ - c- and c2 = lim (c+ + c-)/l = 3/G.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symphys.gr.ads3.bondi_gauge import _problem, l
from symphys.gr.ads3.derivation import algebra

__all__ = ["flat_limit"]


def _limit(expr: Any) -> Any:
    """lim_{l -> oo} of an expression polynomial in 1/l (ValueError if it grows with l)."""
    if isinstance(expr, dict):
        return {k: _limit(v) for k, v in expr.items()}
    if isinstance(expr, (list, tuple)):
        return type(expr)(_limit(v) for v in expr)
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(_limit)
    eps = sp.Dummy("eps", positive=True)
    e = sp.expand(sp.sympify(expr).subs(l, 1 / eps))
    if e.has(sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh):
        return sp.limit(e, eps, 0)
    if any(p.exp < 0 for p in e.atoms(sp.Pow) if p.base == eps):
        raise ValueError(f"{expr} grows as l -> oo")
    return sp.expand(e.subs(eps, 0))


def flat_limit() -> dict[str, Any]:
    """Every AdS3 result at l -> oo, computed from the AdS3 derivation.

    Returns ``{"field_equations", "evolution_operator", "variation", "charge_density",
    "bracket", "central_charges"}``: the l -> oo limits of the AdS3 field equations (rescaled
    to their leading order), of exp(u A(∂_φ)) (so of the solution space), of the laws δΘ, δΞ,
    of the charge density, of the bracket and of the contracted central charges
    (c+ - c-, lim (c+ + c-)/l). Compare with :mod:`symphys.gr.bms3`: they agree.

    >>> flat_limit()["central_charges"]
    (0, 3/G)
    """
    P = _problem()
    eqs = []
    for e in P.field_equations():
        # rescale each equation so that its l -> oo limit is finite and non-zero
        eps = sp.Dummy("eps", positive=True)
        ee = sp.expand(e.subs(l, 1 / eps))
        low = min((sp.Poly(ee, eps).monoms()[-1][0],), default=0)
        eqs.append(sp.expand((ee / eps**low).subs(eps, 0)))
    op = P.evolution_operator()
    alg = algebra()
    cp, cm = alg["central_charges"]
    return {
        "field_equations": tuple(eqs),
        "evolution_operator": _limit(op["operator"]),
        "operator_symbol": op["symbol"],
        "variation": _limit(P.variations()),
        "charge_density": _limit(P.charges()["density"]),
        "bracket": _limit(alg["bracket"]),
        "central_charges": (sp.simplify(cp - cm), sp.limit((cp + cm) / l, l, sp.oo)),
    }
