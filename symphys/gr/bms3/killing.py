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

import numpy as np
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
    return _problem(scri).killing_vectors()


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
    law = _problem(scri).variations(generator=gen, data={"Theta": Th, "Xi": X})
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


def _check_circle_diffeomorphism(F: sp.Expr) -> None:
    """ValueError when F is provably not a diffeomorphism of the circle φ ~ φ + 2π.

    Checked: F(φ + 2π) - F(φ) = ±2π (degree ±1) when it is a number, and F' of one sign with
    no zero, sampled at 2048 points of [0, 2π) when F holds no other symbol than φ. A map
    with free parameters (F = αφ) is accepted when neither check can decide.
    """
    jump = sp.simplify(F.subs(phi, phi + 2 * sp.pi) - F)
    if phi in jump.free_symbols or (jump.is_number and sp.simplify(jump**2 - 4 * sp.pi**2) != 0):
        raise ValueError(f"F={F} is not a diffeomorphism of the circle: F(phi + 2 pi) - F(phi) "
                         f"= {jump}, not +-2 pi")
    dF = sp.diff(F, phi)
    if dF.free_symbols <= {phi}:
        grid = np.linspace(0.0, 2 * np.pi, 2048, endpoint=False)
        with np.errstate(all="ignore"):
            vals = np.asarray(sp.lambdify(phi, dF, "numpy")(grid), dtype=complex) \
                * np.ones_like(grid)
        if not np.isfinite(vals).all() or np.abs(vals.imag).max() > 1e-12:
            raise ValueError(f"F={F} is not a real smooth map of the circle (F' = {dF})")
        if vals.real.min() <= 0 <= vals.real.max():
            raise ValueError(f"F={F} is not a diffeomorphism of the circle: F' = {dF} "
                             "vanishes or changes sign on [0, 2 pi)")


def finite_superrotation(F: Any, Theta: Any = None, Xi: Any = None, *,
                         simplify: bool = False) -> Any:
    """Θ (and Ξ) after the finite superrotation φ -> F(φ).

    Θ -> F'² Θ(F(φ)) - 2{F; φ} and Ξ -> F'² Ξ(F(φ)) (the coadjoint action of Diff(S¹) on
    BMS3's solution space without supertranslation, Barnich & Oblak, arXiv:1403.5803).
    Infinitesimally (F = φ + εY) these are δΘ = YΘ' + 2Y'Θ - 2Y''' and δΞ = YΞ' + 2Y'Ξ
    (see :func:`variation` with T = 0). Returns Θ only when ``Xi`` is not given, else the
    pair (Θ, Ξ). ``F`` must be a diffeomorphism of the circle (F(φ + 2π) = F(φ) ± 2π,
    F' != 0): a ValueError otherwise, where it can be decided (see below). F = αφ with a
    symbolic α is accepted: on Minkowski (Θ = -1) it gives the conical defect Θ = -α²
    (a covering, not a diffeomorphism, when α is not ±1; see :func:`conical_defect`).
    ``simplify=True`` runs ``sympy.simplify`` on the result.

    >>> finite_superrotation(phi + sp.sin(phi) / 2, -1, 0, simplify=True)[1]
    0
    >>> al = sp.Symbol("alpha", positive=True)
    >>> finite_superrotation(al * phi, -1)
    -alpha**2
    """
    simplify = check_bool(simplify, "simplify")
    F = as_phi_function(F, "F")
    Th = _Theta(phi) if Theta is None else as_phi_function(Theta, "Theta")
    if phi in F.free_symbols:
        _check_circle_diffeomorphism(F)
    d1 = sp.diff(F, phi)
    out = d1 ** 2 * Th.subs(phi, F) - 2 * schwarzian(F)
    out = sp.simplify(out) if simplify else out
    out = check_finite(out, "finite_superrotation", why=f" for F={F}, Theta={Th}")
    if Xi is None:
        return out
    X = as_phi_function(Xi, "Xi")
    xi = d1 ** 2 * X.subs(phi, F)
    xi = sp.simplify(xi) if simplify else xi
    return out, check_finite(xi, "finite_superrotation", why=f" for F={F}, Xi={X}")
