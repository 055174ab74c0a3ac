"""Asymptotic Killing vectors of three-dimensional Bondi gauge and their action on solutions.

The vectors ξ_{T,Y} are derived from the gauge conditions and fall-offs; their action on the
solution space (Θ, Ξ) is read off from δ_ξ g = ±L_ξ g, and the finite superrotations
φ -> F(φ) act through the Schwarzian derivative. Results agree with Barnich & Compère,
arXiv:gr-qc/0610130, and with the thesis of F. Schöller, arXiv:2003.07243.

Conventions: δ_ξ g := L_ξ g (``sign="lie"``, default); Barnich and Troessaert use
δ_ξ g = -L_ξ g (``sign="barnich-troessaert"``), which flips the sign of every variation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sympy as sp

from symphys.gr._convert import check_bool, check_finite
from symphys.gr.bms3.bondi_gauge import _problem
from symphys.gr.bms3.coordinates import N as _N
from symphys.gr.bms3.coordinates import T as _T
from symphys.gr.bms3.coordinates import Theta as _Theta
from symphys.gr.bms3.coordinates import Xi as _Xi
from symphys.gr.bms3.coordinates import Y as _Y
from symphys.gr.bms3.coordinates import (
    as_phi_function,
    as_scalar,
    phi,
    scri_sign,
    u,
    variation_sign,
)

__all__ = ["finite_superrotation", "killing_vector", "schwarzian", "variation"]


@lru_cache(maxsize=4)
def _derived_vector(scri: str = "+") -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """ξ = (ξ^u, ξ^r, ξ^φ) in terms of T(φ), Y(φ) and N(u, φ), derived by the engine."""
    return _problem(scri).killing_vector()


def killing_vector(T: Any = None, Y: Any = None, N: Any = None, *, scri: str = "+",
                   ) -> tuple[sp.Expr, ...]:
    """The asymptotic Killing vector ξ_{T,Y} = (ξ^u, ξ^r, ξ^φ), derived.

    Solves L_ξ g_rr = L_ξ g_rφ = L_ξ g_φφ = L_ξ g_ur = 0 (Bondi gauge) and the fall-offs
    L_ξ g_uu = O(1), L_ξ g_uφ = O(1) by integrating in r, then in u. The result, with
    f = T + u Y', is ξ^u = f, ξ^φ = Y - f'/r, ξ^r = -r Y' + f'' - N f'/r.

    ``T``, ``Y`` are functions of φ (default: undefined T(φ), Y(φ)); ``N`` defaults to N(u, φ).
    ``scri="-"``: the same conditions in the advanced chart of
    :func:`~symphys.gr.bms3.bondi_gauge.metric` (past null infinity); there ξ^φ = Y + f'/r, ξ^r
    = -r Y' - f'' - N f'/r.

    >>> killing_vector(0, 1)          # a rotation
    (0, 0, 1)
    >>> killing_vector(1, 0)          # time translation
    (1, 0, 0)
    >>> killing_vector(sp.cos(phi), 0, N=0)
    (cos(phi), -cos(phi), sin(phi)/r)
    """
    scri_sign(scri)
    vec = _derived_vector(scri)
    subs = {}
    if T is not None:
        subs[_T(phi)] = as_phi_function(T, "T")
    if Y is not None:
        subs[_Y(phi)] = as_phi_function(Y, "Y")
    out = [v.subs(subs).doit() for v in vec]
    if N is not None:
        out = [v.subs(_N(u, phi), as_scalar(N, "N")).doit() for v in out]
    return tuple(check_finite(sp.expand(v), "killing_vector", why=f" for T={T}, Y={Y}, N={N}")
                 for v in out)


def variation(T: Any = None, Y: Any = None, Theta: Any = None, Xi: Any = None, *,
              sign: str = "lie", scri: str = "+") -> tuple[sp.Expr, sp.Expr]:
    """(δΘ, δΞ) under ξ_{T,Y}, read off from δg = ±L_ξ g on the solution space.

    With ``sign="lie"`` (δ_ξ g = L_ξ g):
    δΘ = YΘ' + 2Y'Θ - 2Y''' and δΞ = YΞ' + 2Y'Ξ + ½TΘ' + T'Θ - T'''.
    Checks that L_ξ g stays inside the solution space (it raises otherwise). ``scri="-"``
    derives the laws at past null infinity (advanced chart of
    :func:`~symphys.gr.bms3.bondi_gauge.metric`): the same.

    >>> variation(1, 0, Theta=-1, Xi=0)     # Minkowski is invariant under time translation
    (0, 0)
    >>> variation(sp.cos(phi), 0, Theta=-1, Xi=0)
    (0, 0)
    >>> variation(sp.cos(2*phi), 0, Theta=-1, Xi=0)   # a supertranslation is not
    (0, -6*sin(2*phi))
    """
    s = variation_sign(sign)
    scri_sign(scri)
    Th = _Theta(phi) if Theta is None else as_phi_function(Theta, "Theta")
    X = _Xi(phi) if Xi is None else as_phi_function(Xi, "Xi")
    gen = {}
    if T is not None:
        gen["T"] = as_phi_function(T, "T")
    if Y is not None:
        gen["Y"] = as_phi_function(Y, "Y")
    # the engine checks that L_ξ g keeps the gauge and the fall-offs (ValueError otherwise)
    law = _problem(scri).variation(gen, {"Theta": Th, "Xi": X})
    out = sp.simplify(s * law["Theta"]), sp.simplify(s * law["Xi"])
    return check_finite(out, "variation", why=f" for T={T}, Y={Y}, Theta={Th}, Xi={X}")


def schwarzian(F: Any, *, simplify: bool = False) -> sp.Expr:
    """The Schwarzian derivative {F; φ} = F'''/F' - (3/2)(F''/F')².

    ``simplify=True`` runs ``sympy.simplify`` on the result (slow on nested expressions).

    >>> schwarzian(sp.tan(phi / 2), simplify=True)
    1/2
    >>> schwarzian((2*phi + 1) / (phi + 3), simplify=True)     # Möbius maps: zero
    0
    """
    simplify = check_bool(simplify, "simplify")
    F = as_phi_function(F, "F")
    if phi not in F.free_symbols or sp.diff(F, phi) == 0:
        raise ValueError(f"F={F} must have F' != 0 (a diffeomorphism of the circle)")
    d1, d2, d3 = (sp.diff(F, phi, k) for k in (1, 2, 3))
    out = d3 / d1 - sp.Rational(3, 2) * (d2 / d1) ** 2
    out = sp.simplify(out) if simplify else out
    return check_finite(out, "schwarzian(F)", why=f" for F={F}")


def finite_superrotation(F: Any, Theta: Any = None, *, simplify: bool = False) -> sp.Expr:
    """Θ after the finite superrotation φ -> F(φ): F'² Θ(F(φ)) - 2{F; φ}.

    Infinitesimally (F = φ + εY) this is δΘ = YΘ' + 2Y'Θ - 2Y''' (see :func:`variation`).
    F = αφ on Minkowski (Θ = -1) gives the conical defect Θ = -α².
    ``simplify=True`` runs ``sympy.simplify`` on the result.

    >>> finite_superrotation(2 * phi, -1)
    -4
    """
    simplify = check_bool(simplify, "simplify")
    F = as_phi_function(F, "F")
    Th = _Theta(phi) if Theta is None else as_phi_function(Theta, "Theta")
    out = sp.diff(F, phi) ** 2 * Th.subs(phi, F) - 2 * schwarzian(F)
    out = sp.simplify(out) if simplify else out
    return check_finite(out, "finite_superrotation", why=f" for F={F}, Theta={Th}")
